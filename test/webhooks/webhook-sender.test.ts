import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookSender } from '../../src/modules/webhooks/webhook-sender';
import { newWebhookSecret, signWebhook } from '../../src/modules/webhooks/webhook-signature';
import { WebhookReceiver } from '../support/webhook-receiver';

const secret = newWebhookSecret();
const body = '{"type":"profile.created"}';
const headers = () => signWebhook('msg_test', body, [secret]);

describe('webhook sender', () => {
  let receiver: WebhookReceiver;
  let elsewhere: WebhookReceiver;
  const strict = new WebhookSender({ timeoutMs: 1000, addressPolicy: { allowPrivate: false }, maxSockets: 4 });
  const local = new WebhookSender({ timeoutMs: 300, addressPolicy: { allowPrivate: true }, maxSockets: 4 });

  beforeAll(async () => {
    receiver = await WebhookReceiver.start([secret]);
    elsewhere = await WebhookReceiver.start([secret]);
  });
  afterAll(async () => {
    strict.close();
    local.close();
    await receiver.close();
    await elsewhere.close();
  });

  it('refuses to connect to a loopback address, named literally or through DNS, unless private targets are allowed', async () => {
    const port = new URL(receiver.url).port;
    const literal = await strict.send(`http://127.0.0.1:${port}/hooks`, headers(), body);
    const named = await strict.send(`http://localhost:${port}/hooks`, headers(), body);
    expect(literal.status).toBeUndefined();
    expect(literal.error).toBe('refused address (127.0.0.1 is a loopback address)');
    expect(named.status).toBeUndefined();
    expect(named.error).toMatch(/^webhook host resolves to a refused address \((127\.0\.0\.1|::1) is a loopback address\)$/);
    expect(receiver.requests).toBe(0);
    expect(await local.send(receiver.url, headers(), body)).toMatchObject({ status: 204 });
    expect(receiver.accepted).toHaveLength(1);
  });

  it('does not follow a redirect: the attempt fails and the redirect target gets nothing', async () => {
    receiver.behaviour = { status: 302, headers: { location: elsewhere.url } };
    const result = await local.send(receiver.url, headers(), body);
    expect(result).toMatchObject({ status: 302, error: 'HTTP 302: webhooks do not follow redirects; subscribe the final URL' });
    expect(elsewhere.requests).toBe(0);
  });

  it("passes on a 429's Retry-After, in seconds or as a date", async () => {
    receiver.behaviour = { status: 429, headers: { 'retry-after': '120' } };
    expect(await local.send(receiver.url, headers(), body)).toMatchObject({ status: 429, error: 'HTTP 429', retryAfterMs: 120_000 });
    receiver.behaviour = { status: 503, headers: { 'retry-after': new Date(Date.now() + 60_000).toUTCString() } };
    const dated = await local.send(receiver.url, headers(), body);
    expect(dated.retryAfterMs).toBeGreaterThan(55_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(60_000);
    receiver.behaviour = { status: 503, headers: { 'retry-after': 'soon' } };
    expect((await local.send(receiver.url, headers(), body)).retryAfterMs).toBeUndefined();
    receiver.behaviour = {};
  });

  it('ends an attempt the receiver never answers at the timeout', async () => {
    receiver.behaviour = { hang: true };
    const result = await local.send(receiver.url, headers(), body);
    expect(result.error).toBe('no complete answer within 300 ms');
    expect(result.latencyMs).toBeGreaterThanOrEqual(290);
    receiver.behaviour = {};
  });

  it('reports a refused connection without naming the URL', async () => {
    await elsewhere.down();
    const result = await local.send(elsewhere.url, headers(), body);
    expect(result.status).toBeUndefined();
    expect(result.error).toBe('connection failed (ECONNREFUSED)');
    await elsewhere.up();
  });
});
