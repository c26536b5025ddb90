import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { WEBHOOK_EVENT_TYPES } from '../../src/modules/webhooks/webhook-event-types';
import { createLogger } from '../../src/platform/logger';
import { createServices, type HubServices } from '../../src/app/services';
import { runHub } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * `hub webhooks …`, run as the real executable against this file's own database. Deliveries are sent by a
 * dispatcher in this process (as a `hub worker` would) to a real receiver on 127.0.0.1, which verifies
 * each request with the secret the CLI printed.
 */

const SECRET_SHOWN_ONCE = 'The secret is shown only this once: store it now. `hub webhooks rotate-secret <id>` makes a new one.';
const ALLOWED = WEBHOOK_EVENT_TYPES.join(', ');

let testDb: TestDatabase;
let services: HubServices;
let receiver: WebhookReceiver;
let env: Record<string, string>;
const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-webhooks-cli-'));

beforeAll(async () => {
  testDb = await createTestDatabase('cli_webhooks');
  // The receiver is on 127.0.0.1: only HUB_WEBHOOK_ALLOW_PRIVATE lets a subscription point there. REDIS_URL '' keeps jobs in-process.
  env = { DATABASE_URL: testDb.url, HUB_SECRET_KEY: '7a'.repeat(32), HUB_DATA_DIR: dataDir, REDIS_URL: '', HUB_WEBHOOK_ALLOW_PRIVATE: 'true' };
  services = createServices(loadConfig({ ...env, LOG_LEVEL: 'silent' }), testDb.database, createLogger('silent'));
  receiver = await WebhookReceiver.start();
  await services.webhooks.dispatcher.start();
});

afterAll(async () => {
  await services?.webhooks.dispatcher.close();
  await services?.queue.close();
  await receiver?.close();
  await testDb?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const lines = (text: string) => text.split('\n').filter(Boolean);

/** The "key: value" lines create and update print. */
function fields(stdout: string): Record<string, string> {
  return Object.fromEntries(lines(stdout).filter((line) => /^[a-z]+: /.test(line)).map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]));
}

async function create(args: string[], environment = env) {
  return runHub(['webhooks', 'create', ...args], environment);
}

async function subscriptionCount(): Promise<number> {
  return Number((await testDb.database.query<{ n: string }>('select count(*) as n from webhook_subscriptions'))[0].n);
}

describe('hub webhooks', () => {
  let id: string;
  let secret: string;

  // First in the file: the store is still empty.
  it('list says so when there is no subscription', async () => {
    const result = await runHub(['webhooks', 'list'], env);
    expect(result).toEqual({ code: 0, stdout: 'no webhook subscriptions\n', stderr: '' });
  });

  it('create prints the subscription and its secret once, on its own line, then says it is shown only once', async () => {
    const result = await create(['--url', receiver.url, '--events', 'profile.updated, profile.created', '--description', 'crm']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = lines(result.stdout);
    expect(output.filter((line) => line.includes('whsec_'))).toHaveLength(1);
    expect(output.at(-2)).toMatch(/^secret: whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(output.at(-1)).toBe(SECRET_SHOWN_ONCE);
    const shown = fields(result.stdout);
    // Events come back in the contract's order, whatever the order given.
    expect(shown).toMatchObject({ url: receiver.url, events: 'profile.created,profile.updated', segment: 'none', description: 'crm', status: 'active' });
    id = shown.id;
    secret = shown.secret;
    expect(id).toMatch(/^whk_/);
    const [row] = await testDb.database.query<{ url: string; events: string[]; secret: string }>('select url, events, secret from webhook_subscriptions where id = $1', [id]);
    expect(row).toMatchObject({ url: receiver.url, events: ['profile.created', 'profile.updated'] });
    // Stored sealed, never as printed.
    expect(row.secret).not.toContain(secret.slice('whsec_'.length));
  });

  it('list prints id, status, events, url and an empty reason; never the secret', async () => {
    const result = await runHub(['webhooks', 'list'], env);
    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((line) => line.split('\t'))).toEqual([[id, 'active', 'profile.created,profile.updated', receiver.url, '']]);
    expect(result.stdout).not.toContain('whsec_');
    expect(result.stdout).not.toContain(secret.slice('whsec_'.length));
  });

  it('deliveries on a fresh subscription prints the none-line, and replay --from --to queues 0', async () => {
    expect(await runHub(['webhooks', 'deliveries', id], env)).toEqual({ code: 0, stdout: 'no deliveries\n', stderr: '' });
    expect(await runHub(['webhooks', 'deliveries', id, '--status', 'dead'], env)).toEqual({ code: 0, stdout: 'no dead deliveries\n', stderr: '' });
    const replay = await runHub(['webhooks', 'replay', id, '--from', '2020-01-01T00:00:00Z', '--to', new Date(Date.now() + 60_000).toISOString()], env);
    expect(replay).toEqual({ code: 0, stdout: 'queued again: 0\n', stderr: '' });
  });

  it('deliveries lists what was sent, signed with the printed secret; replay sends it again with the same webhook id', async () => {
    // The receiver accepts only requests signed with the secret `hub webhooks create` printed.
    receiver.useSecrets([secret]);
    const before = new Date(Date.now() - 1000);
    const { profileIds } = await services.ingestion.ingest('shop', [{ external_id: 'w1', email: 'wen@example.com' }]);
    await receiver.waitFor(() => receiver.accepted.length >= 1);
    expect(receiver.badSignatures).toBe(0);
    expect(receiver.accepted.map((hook) => hook.body)).toMatchObject([{ type: 'profile.created', profileId: profileIds[0] }]);
    await waitForDelivered(id);
    const [hook] = receiver.accepted;

    const result = await runHub(['webhooks', 'deliveries', id], env);
    expect(result.code).toBe(0);
    const [row, ...others] = lines(result.stdout).map((line) => line.split('\t'));
    expect(others).toEqual([]);
    expect(row).toEqual([hook!.id, 'profile.created', 'delivered', '1', '204', expect.stringMatching(/^\d+ms$/), '']);

    expect(await runHub(['webhooks', 'replay', id, '--delivery', hook!.id], env)).toEqual({ code: 0, stdout: `queued again: ${hook!.id}\n`, stderr: '' });
    await receiver.waitFor(() => receiver.accepted.length >= 2);
    expect(receiver.accepted[1]!.id).toBe(hook!.id);
    await waitForDelivered(id);

    const range = await runHub(['webhooks', 'replay', id, '--from', before.toISOString(), '--to', new Date(Date.now() + 60_000).toISOString()], env);
    expect(range).toEqual({ code: 0, stdout: 'queued again: 1\n', stderr: '' });
    await receiver.waitFor(() => receiver.accepted.length >= 3);
    expect(receiver.distinctIds()).toEqual([hook!.id]);
    await waitForDelivered(id);
  });

  it('update --disable shows the subscription disabled, in update and in list; --enable makes it active again', async () => {
    const disabled = await runHub(['webhooks', 'update', id, '--disable'], env);
    expect(disabled.stderr).toBe('');
    expect(disabled.code).toBe(0);
    expect(fields(disabled.stdout)).toEqual({ id, url: receiver.url, events: 'profile.created,profile.updated', segment: 'none', description: 'crm', status: 'disabled (disabled by an administrator)' });
    expect(disabled.stdout).not.toContain('whsec_');

    const listed = await runHub(['webhooks', 'list'], env);
    expect(lines(listed.stdout).map((line) => line.split('\t'))).toEqual([[id, 'disabled', 'profile.created,profile.updated', receiver.url, 'disabled by an administrator']]);

    const enabled = await runHub(['webhooks', 'update', id, '--enable', '--events', 'profile.created', '--description', ''], env);
    expect(enabled.code).toBe(0);
    expect(fields(enabled.stdout)).toMatchObject({ events: 'profile.created', description: 'none', status: 'active' });
  });

  it('update refuses nothing to change, --enable with --disable, and a segment that does not exist', async () => {
    const nothing = await runHub(['webhooks', 'update', id], env);
    expect(nothing).toMatchObject({ code: 2, stdout: '' });
    expect(nothing.stderr).toMatch(/^hub: Nothing to update: give --url, --events/);
    const both = await runHub(['webhooks', 'update', id, '--enable', '--disable'], env);
    expect(both).toEqual({ code: 2, stdout: '', stderr: 'hub: Give --enable or --disable, not both.\n' });
    const segment = await runHub(['webhooks', 'update', id, '--segment', 'seg_nope'], env);
    expect(segment.code).toBe(1);
    expect(segment.stderr).toMatch(/^hub: No segment seg_nope/);
  });

  it('rotate-secret prints a different secret once and until when the old one still signs', async () => {
    const started = Date.now();
    const result = await runHub(['webhooks', 'rotate-secret', id], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [idLine, secretLine, once, previous, ...rest] = lines(result.stdout);
    expect(rest).toEqual([]);
    expect(idLine).toBe(`id: ${id}`);
    expect(secretLine).toMatch(/^secret: whsec_[A-Za-z0-9+/=]{40,}$/);
    const rotated = secretLine.slice('secret: '.length);
    expect(rotated).not.toBe(secret);
    expect(once).toBe(SECRET_SHOWN_ONCE);
    const until = /^the previous secret also signs until (\S+)$/.exec(previous)![1];
    expect(new Date(until).getTime() - started).toBeGreaterThan(24 * 3_600_000 - 60_000);
    expect(new Date(until).getTime() - started).toBeLessThan(24 * 3_600_000 + 60_000);

    const immediate = await runHub(['webhooks', 'rotate-secret', id, '--overlap-hours', '0'], env);
    expect(immediate.code).toBe(0);
    expect(lines(immediate.stdout).at(-1)).toBe('the previous secret no longer signs');
    const latest = lines(immediate.stdout)[1].slice('secret: '.length);
    expect([secret, rotated]).not.toContain(latest);

    // The secret printed last is the one that signs now.
    receiver.useSecrets([latest]);
    const accepted = receiver.accepted.length;
    await services.ingestion.ingest('shop', [{ external_id: 'w2', email: 'wu@example.com' }]);
    await receiver.waitFor(() => receiver.accepted.length > accepted);

    const bad = await runHub(['webhooks', 'rotate-secret', id, '--overlap-hours', 'soon'], env);
    expect(bad).toEqual({ code: 2, stdout: '', stderr: "hub: --overlap-hours must be a number of hours, not 'soon'.\n" });
  });

  it('replay refuses bad dates and bad combinations with BAD_USER_INPUT (exit 2), and an unknown delivery with exit 1', async () => {
    const replay = (...args: string[]) => runHub(['webhooks', 'replay', id, ...args], env);
    const notATime = await replay('--from', 'yesterday', '--to', '2026-01-01');
    expect(notATime).toEqual({ code: 2, stdout: '', stderr: "hub: --from 'yesterday' is not an ISO time; give an ISO time such as 2026-11-23T08:00:00Z or 2026-11-23.\n" });
    const noDay = await replay('--from', '2026-01-01', '--to', '2026-02-30');
    expect(noDay.code).toBe(2);
    expect(noDay.stderr).toBe("hub: --to '2026-02-30' is not a real date and time; give an ISO time such as 2026-11-23T08:00:00Z or 2026-11-23.\n");
    const noZone = await replay('--from', '2026-01-01T08:00', '--to', '2026-01-02');
    expect(noZone.code).toBe(2);
    expect(noZone.stderr).toMatch(/^hub: --from '2026-01-01T08:00' is not a time with a zone \(add Z for UTC/);
    const backwards = await replay('--from', '2026-01-02', '--to', '2026-01-01T00:00:00+08:00');
    expect(backwards).toEqual({ code: 2, stdout: '', stderr: 'hub: --from (2026-01-02T00:00:00.000Z) must be before --to (2025-12-31T16:00:00.000Z).\n' });
    const neither = await replay();
    expect(neither).toEqual({ code: 2, stdout: '', stderr: 'hub: Give --from and --to (ISO times), or --delivery <webhookId>.\n' });
    const both = await replay('--delivery', 'msg_x', '--from', '2026-01-01');
    expect(both).toEqual({ code: 2, stdout: '', stderr: 'hub: Give --delivery, or --from and --to, not both.\n' });
    const unknownDelivery = await replay('--delivery', 'msg_nope');
    expect(unknownDelivery.code).toBe(1);
    expect(unknownDelivery.stderr).toBe(`hub: Subscription ${id} has no delivery msg_nope; webhookDeliveries lists them.\n`);
  });

  it('deliveries refuses an unknown status and a --first out of range', async () => {
    const status = await runHub(['webhooks', 'deliveries', id, '--status', 'lost'], env);
    expect(status).toEqual({ code: 2, stdout: '', stderr: "hub: Unknown delivery status 'lost'; use pending, delivering, delivered, dead.\n" });
    const first = await runHub(['webhooks', 'deliveries', id, '--first', '0'], env);
    expect(first).toEqual({ code: 2, stdout: '', stderr: 'hub: --first must be a whole number from 1 to 500.\n' });
  });

  it('create refuses an unknown event name (exit 2), naming the allowed names, and saves nothing', async () => {
    const count = await subscriptionCount();
    const result = await create(['--url', receiver.url, '--events', 'profile.created,profile.exploded']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `hub: Unknown webhook event 'profile.exploded'; use ${ALLOWED}.\n` });
    const none = await create(['--url', receiver.url, '--events', ' , ']);
    expect(none).toEqual({ code: 2, stdout: '', stderr: `hub: Name at least one event: ${ALLOWED}.\n` });
    expect(await subscriptionCount()).toBe(count);
  });

  it('create refuses a loopback URL without HUB_WEBHOOK_ALLOW_PRIVATE=true, as the API does', async () => {
    const count = await subscriptionCount();
    const guarded = { ...env, HUB_WEBHOOK_ALLOW_PRIVATE: 'false' };
    const plain = await create(['--url', 'http://127.0.0.1/hooks', '--events', 'profile.created'], guarded);
    expect(plain).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hub: Webhook URL rejected: the scheme must be https; plain http is allowed only with HUB_WEBHOOK_ALLOW_PRIVATE=true (local development).\n',
    });
    const loopback = await create(['--url', 'https://127.0.0.1/hooks', '--events', 'profile.created'], guarded);
    expect(loopback.code).toBe(2);
    expect(loopback.stderr).toBe(
      'hub: Webhook URL rejected: its host is a private or reserved address (127.0.0.1 is a loopback address); set HUB_WEBHOOK_ALLOW_PRIVATE=true only for local development.\n',
    );
    expect(loopback.stdout).not.toContain('whsec_');
    expect(await subscriptionCount()).toBe(count);
  });

  it('delete deletes; deleting again, or any command on an unknown id, exits 1 with the NOT_FOUND message', async () => {
    expect(await runHub(['webhooks', 'delete', id], env)).toEqual({ code: 0, stdout: `deleted ${id}\n`, stderr: '' });
    expect(await runHub(['webhooks', 'list'], env)).toMatchObject({ code: 0, stdout: 'no webhook subscriptions\n' });
    const notFound = `hub: No webhook subscription ${id}; \`hub webhooks list\` lists them.\n`;
    expect(await runHub(['webhooks', 'delete', id], env)).toEqual({ code: 1, stdout: '', stderr: notFound });
    for (const args of [['deliveries', id], ['replay', id, '--from', '2026-01-01', '--to', '2026-01-02'], ['update', id, '--disable']]) {
      const result = await runHub(['webhooks', ...args], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^hub: No webhook subscription ${id}; `));
    }
    const rotate = await runHub(['webhooks', 'rotate-secret', id], env);
    expect(rotate.code).toBe(1);
    expect(rotate.stdout).toBe('');
  });
});

/** Waits until none of the subscription's deliveries is still to be sent. */
async function waitForDelivered(subscriptionId: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [{ n }] = await testDb.database.query<{ n: string }>("select count(*) as n from webhook_deliveries where subscription_id = $1 and status <> 'delivered'", [subscriptionId]);
    if (Number(n) === 0) return;
    if (Date.now() > deadline) throw new Error(`deliveries of ${subscriptionId} still not delivered`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
