import type { Database } from '../../platform/database/database';
import { NotificationListener } from '../../platform/database/notification-listener';
import type { TableUpkeep } from '../../platform/database/table-upkeep';
import type { Logger } from '../../platform/logger';
import type { SecretBox } from '../../platform/secret-box';
import { verdictFor, type RetryPolicy } from './retry-schedule';
import * as store from './webhook-delivery.store';
import { OUTBOX_CHANNEL } from './webhook-outbox.store';
import type { AttemptResult, WebhookSender } from './webhook-sender';
import { signWebhook } from './webhook-signature';

export interface DispatcherOptions {
  /** Attempts in flight per process (HUB_WEBHOOK_CONCURRENCY). */
  concurrency: number;
  /** Attempts in flight for a subscription whose last attempts failed: the rest stay free for the others. */
  failingSubscriptionSlots: number;
  /** How long a claimed delivery is this process's: past it, another dispatcher takes it over. */
  leaseMs: number;
  retry: RetryPolicy;
}

interface Finished {
  claimed: store.ClaimedDelivery;
  result: AttemptResult;
}

/**
 * Sends due deliveries. Every hub worker runs one; they share the work through the database (leases,
 * SKIP LOCKED), so any number can run and any can die: a killed one's claimed deliveries are taken over
 * when their lease ends and sent again with the same webhook-id. It wakes when an outbox write commits
 * (LISTEN/NOTIFY), when the queue's webhooks-dispatch tick comes (retries, leases run out) and after each
 * result, since the next event of that profile may now go.
 */
export class WebhookDispatcher {
  private running: Promise<void> | undefined;
  private wakeAgain = false;
  private closed = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly inFlightBySubscription = new Map<string, number>();
  /** Subscriptions whose last recorded attempt here failed: they get failingSubscriptionSlots at most. */
  private readonly failing = new Set<string>();
  private finished: Finished[] = [];
  private listener: NotificationListener | undefined;
  /** Chains whose next event waits for an outbox transaction to commit before it can be released. */
  private deferred: store.Chain[] = [];
  private releasing: Promise<void> | undefined;
  /** Resolves a pass's wait for attempts in flight when a wake-up comes meanwhile. */
  private interrupt: (() => void) | undefined;

  constructor(
    private readonly database: Database,
    private readonly sender: WebhookSender,
    private readonly secretBox: SecretBox,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions,
    /** Fresh statistics for the delivery queue where autovacuum is off: without them the claim's plan sorts every due row. */
    private readonly upkeep: Pick<TableUpkeep, 'recordsWritten' | 'settled'>,
  ) {}

  /** Starts listening for committed outbox writes and sends what is due already. */
  async start(): Promise<void> {
    this.listener = new NotificationListener(this.database.url, OUTBOX_CHANNEL, () => this.wake(), this.logger);
    await this.listener.start();
    this.wake();
  }

  /** Sends what is due; returns at once (a pass already going takes another look before it ends). */
  wake(): void {
    if (this.closed) return;
    this.wakeAgain = true;
    this.interrupt?.();
    this.running ??= this.pump().finally(() => (this.running = undefined));
  }

  /** Resolves once nothing is due and nothing is in flight (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.running || this.releasing) await (this.running ?? this.releasing);
  }

  /** Stops claiming; attempts in flight finish and are recorded. */
  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.close();
    await this.running;
    await this.releasing;
    await this.upkeep.settled();
    this.sender.close();
  }

  private async pump(): Promise<void> {
    try {
      while ((this.wakeAgain && !this.closed) || this.inFlight.size > 0 || this.finished.length > 0) {
        this.wakeAgain = false;
        if (await this.flush()) this.wakeAgain = true;
        const free = this.options.concurrency - this.inFlight.size;
        // Claim in batches (a quarter of the slots or more) unless nothing is in flight: one claim per finished attempt would cost more than the attempts.
        if (!this.closed && free > 0 && (this.inFlight.size === 0 || free >= this.options.concurrency / 4)) {
          const claimed = await store.claimDue(this.database, free, this.options.leaseMs, this.roomOfFailing());
          if (claimed.length === free) this.wakeAgain = true;
          for (const delivery of claimed) this.attempt(delivery);
        }
        if (this.inFlight.size > 0 && this.finished.length === 0 && !this.wakeAgain) await this.nextFinishedOrWakeUp();
      }
    } catch (error) {
      // The database is away: what was claimed stays leased and is taken over later; the next wake-up tries again.
      this.logger.error({ err: error }, 'webhook dispatch pass failed');
    }
  }

  /**
   * Releases the chains once the outbox transactions holding them commit, beside the pump: waiting for a long
   * whole segment evaluation must not hold up the other deliveries. A dispatcher that dies first leaves them
   * to the hourly safety net (releaseStrandedChains).
   */
  private releaseLater(chains: store.Chain[]): void {
    this.deferred.push(...chains);
    this.releasing ??= (async () => {
      while (this.deferred.length > 0) {
        const batch = store.uniqueChains(this.deferred);
        this.deferred = [];
        try {
          await this.database.transaction((tx) => store.releaseChains(tx, batch));
          this.wake();
        } catch (error) {
          this.logger.warn({ err: error, chains: batch.length }, 'releasing webhook chains failed; the hourly sweep will');
        }
      }
    })().finally(() => (this.releasing = undefined));
  }

  private roomOfFailing(): Map<string, number> {
    return new Map([...this.failing].map((subscriptionId) => [subscriptionId, this.options.failingSubscriptionSlots - (this.inFlightBySubscription.get(subscriptionId) ?? 0)]));
  }

  private async nextFinishedOrWakeUp(): Promise<void> {
    await Promise.race([...this.inFlight, new Promise<void>((resolve) => (this.interrupt = resolve))]);
    this.interrupt = undefined;
  }

  private attempt(claimed: store.ClaimedDelivery): void {
    let headersOrError: ReturnType<typeof signWebhook> | string;
    try {
      headersOrError = signWebhook(claimed.eventId, claimed.body, claimed.sealedSecrets.map((sealed) => this.secretBox.open(sealed)));
    } catch (error) {
      // A sealed secret that does not open means HUB_SECRET_KEY differs from the one it was sealed with.
      headersOrError = `cannot sign: ${(error as Error).message}`;
      this.logger.warn({ subscriptionId: claimed.subscriptionId, webhookId: claimed.eventId }, headersOrError);
    }
    const sent = typeof headersOrError === 'string' ? Promise.resolve({ latencyMs: 0, error: headersOrError }) : this.sender.send(claimed.url, headersOrError, claimed.body);
    const { subscriptionId } = claimed;
    const done: Promise<void> = sent.then((result) => {
      this.finished.push({ claimed, result });
      this.inFlight.delete(done);
      const left = this.inFlightBySubscription.get(subscriptionId)! - 1;
      if (left === 0) this.inFlightBySubscription.delete(subscriptionId);
      else this.inFlightBySubscription.set(subscriptionId, left);
    });
    this.inFlight.add(done);
    this.inFlightBySubscription.set(subscriptionId, (this.inFlightBySubscription.get(subscriptionId) ?? 0) + 1);
  }

  /** Records finished attempts and what they mean for their subscriptions; true when there were any. */
  private async flush(): Promise<boolean> {
    if (this.finished.length === 0) return false;
    const batch = this.finished;
    this.finished = [];
    const now = new Date();
    const records: store.AttemptRecord[] = [];
    const outcomes = new Map<string, store.SubscriptionOutcome>();
    const dead: Finished[] = [];
    for (const item of batch) {
      const { claimed, result } = item;
      const verdict = verdictFor(result.status, claimed.attempt, claimed.retryUntil, this.options.retry, { now, retryAfterMs: result.retryAfterMs });
      records.push({
        subscriptionId: claimed.subscriptionId,
        eventId: claimed.eventId,
        attempt: claimed.attempt,
        status: verdict.kind === 'delivered' ? 'delivered' : verdict.kind === 'dead' ? 'dead' : 'pending',
        nextAttemptAt: verdict.kind === 'retry' ? verdict.at : now,
        responseCode: result.status ?? null,
        latencyMs: result.latencyMs,
        error: result.error ?? null,
      });
      const outcome = outcomes.get(claimed.subscriptionId) ?? { subscriptionId: claimed.subscriptionId, succeeded: false, disableReason: null };
      // The latest result decides the slot limit: one success lifts it, one failure sets it.
      if (verdict.kind === 'delivered') {
        outcome.succeeded = true;
        this.failing.delete(claimed.subscriptionId);
      } else this.failing.add(claimed.subscriptionId);
      if (verdict.kind === 'gone') outcome.disableReason = `the receiver answered 410 Gone at ${now.toISOString()}`;
      if (verdict.kind === 'dead') dead.push(item);
      if (verdict.kind !== 'delivered') this.logger.debug({ subscriptionId: claimed.subscriptionId, webhookId: claimed.eventId, attempt: claimed.attempt, status: result.status, error: result.error }, 'webhook attempt failed');
      outcomes.set(claimed.subscriptionId, outcome);
    }
    await this.disableIfFailingThroughout(dead, outcomes);
    // The next event of each finished chain becomes due in the transaction that finishes it, so no crash
    // can leave it waiting; chains an outbox transaction is adding to right now are released after it.
    const finishedChains = store.uniqueChains(batch.filter((_, index) => records[index]!.status !== 'pending').map(({ claimed }) => claimed));
    const busy = await this.database.transaction(async (tx) => {
      await store.recordAttempts(tx, records);
      return store.releaseChains(tx, finishedChains, true);
    });
    if (busy.length > 0) this.releaseLater(busy);
    // Apart from the attempts: a crash between the two leaves a failure streak a flush late, nothing worse.
    await store.recordSubscriptionOutcomes(this.database, [...outcomes.values()]);
    this.upkeep.recordsWritten(records.length);
    for (const outcome of outcomes.values()) {
      if (outcome.disableReason) this.logger.warn({ subscriptionId: outcome.subscriptionId, reason: outcome.disableReason }, 'webhook subscription disabled');
    }
    return true;
  }

  /**
   * A dead-lettered delivery disables its subscription when nothing at all got through during the
   * delivery's whole retry window: the receiver is not coming back by itself, and people must be told.
   */
  private async disableIfFailingThroughout(dead: Finished[], outcomes: Map<string, store.SubscriptionOutcome>): Promise<void> {
    if (dead.length === 0) return;
    const since = await store.failingSince(this.database, [...new Set(dead.map((item) => item.claimed.subscriptionId))]);
    for (const { claimed, result } of dead) {
      const outcome = outcomes.get(claimed.subscriptionId)!;
      const failingSince = since.get(claimed.subscriptionId);
      const windowStart = claimed.retryUntil.getTime() - this.options.retry.retryWindowMs;
      if (!outcome.succeeded && failingSince && failingSince.getTime() <= windowStart + 1000) {
        outcome.disableReason ??= `every attempt failed since ${failingSince.toISOString()}, a whole retry window; last: ${result.error ?? 'no answer'}`;
      }
    }
  }
}
