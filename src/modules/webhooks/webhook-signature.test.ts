import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signWebhook } from './webhook-signature';

describe('webhook signatures', () => {
  it('signs id.timestamp.body so that the standardwebhooks verifier accepts it, and rejects a changed body', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: 'profile.created', profileId: 'prof_1', sequence: 1 });
    const headers = signWebhook('msg_1', body, [secret]);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toMatchObject({ type: 'profile.created' });
    expect(() => new Webhook(secret).verify(body.replace('prof_1', 'prof_2'), headers)).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('signs with each secret during a rotation, so a receiver holding either one verifies', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = signWebhook('msg_2', '{}', [current, previous]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify('{}', headers)).not.toThrow();
    expect(() => new Webhook(previous).verify('{}', headers)).not.toThrow();
  });

  it('states the signed instant in whole seconds', () => {
    const headers = signWebhook('msg_3', '{}', [newWebhookSecret()], new Date('2026-12-03T10:00:00.987Z'));
    expect(headers['webhook-timestamp']).toBe(String(Date.UTC(2026, 11, 3, 10) / 1000));
  });
});
