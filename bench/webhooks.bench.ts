import { loadConfig } from '../src/config';
import { createLogger } from '../src/platform/logger';
import { signWebhook, WebhookSender } from '../src/modules/webhooks';
import { createServices, type HubServices } from '../src/app/services';
import { createBenchDatabase } from './support/bench-database';
import { goal, type BenchResult } from './support/bench-result';
import type { BenchSettings } from './support/bench-settings';
import { median, percentile } from './support/sample-stats';
import { startServerProcess } from './support/server-process';

// Issue 7: at least 2,000 deliveries per second to a local receiver, none lost.
const GOAL_DELIVERIES_PER_SECOND = 2000;
const BATCH = 1000;
const LATENCY_CHANGES = 300;
const LATENCY_PACE_MS = 10;

interface ReceiverStats {
  requests: number;
  distinct: number;
  badSignatures: number;
  firstSeen: Record<string, number>;
}

const epochNow = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Webhooks end to end, in a database of its own, to a receiver in its own process that verifies every
 * signature: the ingestion cost of the outbox (alternate batches with and without a profile event subscribed);
 * the dispatcher draining BENCH_WEBHOOK_EVENTS queued profile.created deliveries, next to as many signed
 * POSTs sent straight to the receiver at the same concurrency (what HTTP alone allows on this machine);
 * and the latency from a committed profile change to the receiver, next to a bare POST's round trip.
 */
export async function runWebhooksBenchmark(settings: BenchSettings): Promise<BenchResult> {
  const count = settings.webhookEvents;
  const bench = await createBenchDatabase(settings.adminUrl);
  const receiver = await startServerProcess('webhook-receiver-child.ts', []);
  const config = loadConfig({ DATABASE_URL: bench.url, HUB_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent', HUB_WEBHOOK_ALLOW_PRIVATE: 'true' });
  const services = createServices(config, bench.database, createLogger('silent'));
  const sender = new WebhookSender({ timeoutMs: config.webhooks.timeoutMs, addressPolicy: { allowPrivate: true }, maxSockets: config.webhooks.concurrency });
  try {
    // The outbox's cost: batches alternate between the subscription asking for profile.created (events
    // written) and asking only for sync.failed (nothing written), so both meet a store of the same size.
    const { subscription, secret } = await services.webhooks.subscriptions.create({ url: receiver.url, events: ['profile.created'] });
    await fetch(new URL('/secret', receiver.url), { method: 'PUT', body: secret });
    let [withSeconds, withoutSeconds] = [0, 0];
    for (let start = 0; start < count; start += BATCH) {
      const size = Math.min(BATCH, count - start);
      await services.webhooks.subscriptions.update(subscription.id, { events: ['sync.failed'] });
      withoutSeconds += await ingestBatch(services, 'quiet', start, size);
      await services.webhooks.subscriptions.update(subscription.id, { events: ['profile.created'] });
      withSeconds += await ingestBatch(services, 'outbox', start, size);
    }
    const queued = await deliveryCounts(services);
    if (queued.pending !== count) throw new Error(`webhooks benchmark is invalid: ${queued.pending ?? 0} deliveries queued for ${count} new profiles`);

    // Throughput: the dispatcher drains the queue.
    const drainStarted = performance.now();
    await services.webhooks.dispatcher.start();
    while ((await deliveryCounts(services)).delivered !== count) await sleep(20);
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const drained = (await receiver.stats()) as unknown as ReceiverStats;
    const final = await deliveryCounts(services);

    // The baseline: the same number of signed POSTs, the same concurrency, the same sender, no hub.
    const body = (await bench.database.query<{ body: string }>('select body from webhook_events limit 1'))[0]!.body;
    const bareStarted = performance.now();
    let next = 0;
    const bareFailures: string[] = [];
    await Promise.all(
      Array.from({ length: config.webhooks.concurrency }, async () => {
        while (next < count) {
          const id = `bare_${next++}`;
          const result = await sender.send(receiver.url, signWebhook(id, body, [secret]), body);
          if (result.status !== 204) bareFailures.push(result.error ?? String(result.status));
        }
      }),
    );
    const bareSeconds = (performance.now() - bareStarted) / 1000;
    if (bareFailures.length > 0) throw new Error(`webhooks benchmark is invalid: ${bareFailures.length} bare POSTs failed (${bareFailures[0]})`);

    // Latency: one profile created per transaction, paced, with the dispatcher listening.
    const committedAt = new Map<string, number>();
    for (let index = 0; index < LATENCY_CHANGES; index++) {
      const result = await services.ingestion.ingest('latency', [{ external_id: `l${index}`, email: `latency.${index}@bench.example.com` }]);
      committedAt.set(result.profileIds[0]!, epochNow());
      await sleep(LATENCY_PACE_MS);
    }
    while ((await deliveryCounts(services)).delivered !== count + LATENCY_CHANGES) await sleep(20);
    const seen = (await receiver.stats()) as unknown as ReceiverStats;
    const latencyEvents = await bench.database.query<{ id: string; profile_id: string }>("select id, profile_id from webhook_events where profile_id = any($1::text[])", [[...committedAt.keys()]]);
    const hubLatency = latencyEvents.map((event) => seen.firstSeen[event.id]! - committedAt.get(event.profile_id)!);
    const bareLatency: number[] = [];
    for (let index = 0; index < LATENCY_CHANGES; index++) {
      const started = performance.now();
      await sender.send(receiver.url, signWebhook(`bare_rtt_${index}`, body, [secret]), body);
      bareLatency.push(performance.now() - started);
      await sleep(LATENCY_PACE_MS);
    }

    const lost = count - drained.distinct + (LATENCY_CHANGES - hubLatency.filter(Number.isFinite).length);
    const [hubRate, bareRate] = [count / drainSeconds, count / bareSeconds];
    return {
      name: 'webhooks',
      title: `${count.toLocaleString('en-US')} profile.created deliveries to a receiver verifying signatures in its own process (concurrency ${config.webhooks.concurrency})`,
      rows: [
        { label: 'dispatcher draining the outbox (claim, sign, POST, record)', figures: { 'deliveries/s': hubRate, seconds: drainSeconds, lost: count - drained.distinct, 'bad signatures': drained.badSignatures } },
        { label: 'bare signed POSTs, same sender and concurrency, no hub', figures: { 'posts/s': bareRate, seconds: bareSeconds } },
        { label: 'change committed → receiver (one profile per transaction)', figures: { 'p50 ms': median(hubLatency), 'p99 ms': percentile(hubLatency, 0.99), max: Math.max(...hubLatency) } },
        { label: 'bare POST round trip', figures: { 'p50 ms': median(bareLatency), 'p99 ms': percentile(bareLatency, 0.99) } },
        { label: `ingestion, ${BATCH}-record batches, profile.created subscribed (outbox written)`, figures: { 'records/s': count / withSeconds } },
        { label: 'alternate batches, no profile event subscribed (nothing written)', figures: { 'records/s': count / withoutSeconds } },
      ],
      ratio: { description: 'dispatcher deliveries/s ÷ bare POSTs/s', value: hubRate / bareRate },
      goals: [goal('deliveries per second to a local receiver', hubRate, '>=', GOAL_DELIVERIES_PER_SECOND, '/s'), goal('deliveries lost', lost, '<', 1)],
      notes: [
        `receiver saw ${drained.requests.toLocaleString('en-US')} requests for ${drained.distinct.toLocaleString('en-US')} webhook-ids while draining; deliveries ${JSON.stringify(final)}`,
        `latency: ${LATENCY_CHANGES} single-profile ingests ${LATENCY_PACE_MS} ms apart, from ingest() returning (after commit) to the receiver's first sight of the webhook-id`,
        `outbox cost on ingestion: ${((1 - withoutSeconds / withSeconds) * 100).toFixed(0)}% of the batch time (events, sequence numbers and deliveries in the batch's transaction)`,
      ],
      details: { count, drainSeconds, bareSeconds, withSeconds, withoutSeconds, hubLatency, bareLatency, requests: drained.requests, subscriptionId: subscription.id },
    };
  } finally {
    await services.webhooks.dispatcher.close();
    await services.queue.close();
    sender.close();
    await receiver.stop();
    await bench.drop();
  }
}

/** Seconds to ingest `size` new customers of `source`, numbered from `start`, in one batch. */
async function ingestBatch(services: HubServices, source: string, start: number, size: number): Promise<number> {
  const records = Array.from({ length: size }, (_, offset) => {
    const index = start + offset;
    return { external_id: `${source}-${index}`, email: `${source}.${index}@bench.example.com`, first_name: `Name${index}`, traits: { tier: index % 3 === 0 ? 'gold' : 'silver' } };
  });
  const started = performance.now();
  await services.ingestion.ingest(source, records);
  return (performance.now() - started) / 1000;
}

async function deliveryCounts(services: HubServices): Promise<Record<string, number>> {
  const rows = await services.database.query<{ status: string; count: number }>('select status, count(*)::int as count from webhook_deliveries group by status');
  return Object.fromEntries(rows.map((row) => [row.status, row.count]));
}

