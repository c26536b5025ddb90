import type { SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import { profileChange, touchedProfiles, type FieldValues, type ProfileChange, type ProfileChangeStage } from '../profiles';
import type { SyncFailure, SyncFailureObserver } from '../sync';
import type { WebhookEventType } from './webhook-event-types';
import { plannedEvents, profilesToRead, webhookBody, type PlannedEvent } from './webhook-event-plan';
import * as store from './webhook-outbox.store';

export interface OutboxOptions {
  /** Bodies above this keep changed keys without values (HUB_WEBHOOK_MAX_PAYLOAD_BYTES). */
  maxPayloadBytes: number;
  /** How long each delivery is retried (HUB_WEBHOOK_RETRY_HOURS). */
  retryWindowMs: number;
}

/** What the outbox reads of other modules' data, in the change's transaction, for the bodies it writes. */
export interface OutboxLookups {
  traitValues(tx: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, FieldValues>>;
  computedValues(tx: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, FieldValues>>;
  /** The holding consent status of each profile by `channel:purpose`. */
  consentValues(tx: SqlExecutor, profileIds: readonly string[]): Promise<Map<string, FieldValues>>;
  segmentNames(tx: SqlExecutor, segmentIds: readonly string[]): Promise<Map<string, string>>;
}

const MAX_ERROR_LENGTH = 1000;
const WRITE_SLICE = 5000;

/**
 * The transactional outbox: the last stage of every profile change (after computed traits and segments,
 * whose effects it reports), and told of sync failures. It writes the events, their sequence numbers and their
 * deliveries in the transaction of the change, so a committed change always has its webhooks and a rolled
 * back one never does. Nothing is written while no subscription asks for the event type.
 */
export class WebhookOutbox implements ProfileChangeStage, SyncFailureObserver {
  constructor(
    private readonly options: OutboxOptions,
    private readonly lookups: OutboxLookups,
  ) {}

  async apply(tx: SqlExecutor, change: ProfileChange): Promise<ProfileChange> {
    await this.writeEvents(tx, change);
    return change;
  }

  private async writeEvents(tx: SqlExecutor, change: ProfileChange): Promise<void> {
    await store.forgetProfiles(tx, change.deleted);
    const subscribed = await store.subscribedEventTypes(tx);
    if (subscribed.size === 0) return;
    const wanted = (type: WebhookEventType) => subscribed.has(type);
    const profileIds = profilesToRead(change, wanted);
    // Values the change derived anyway are not read again.
    const traits = change.traitsAfter ?? (await this.lookups.traitValues(tx, profileIds));
    const computed = change.computedAfter ?? (await this.lookups.computedValues(tx, profileIds));
    const consents = change.consentsAfter ?? (await this.lookups.consentValues(tx, profileIds));
    const segmentNames = await this.lookups.segmentNames(tx, [...new Set(change.segments.map((move) => move.segmentId))]);
    const after = { traits, computed, consents, segmentNames };
    if (touchedProfiles(change).length + change.deleted.length > 0) return this.write(tx, plannedEvents(change, after, wanted));
    // A whole segment evaluation alone can move a million profiles: planned and written a slice at a time.
    for (let start = 0; start < change.segments.length; start += WRITE_SLICE) {
      await this.write(tx, plannedEvents(profileChange({ segments: change.segments.slice(start, start + WRITE_SLICE) }), after, wanted));
    }
  }

  async syncFailed(tx: SqlExecutor, failure: SyncFailure): Promise<void> {
    if (!(await store.subscribedEventTypes(tx)).has('sync.failed')) return;
    const { runId, connectionId, connectionName, connector } = failure;
    await this.write(tx, [
      {
        type: 'sync.failed',
        subject: connectionId,
        profileId: null,
        segmentId: null,
        membershipProfileId: null,
        formerSegmentIds: [],
        data: { connectionId, connectionName, connector, syncRunId: runId, error: failure.error.slice(0, MAX_ERROR_LENGTH) },
      },
    ]);
  }

  /** Numbers, renders and stores the events, in statements of WRITE_SLICE events (bounded parameters and memory). */
  private async write(tx: SqlExecutor, events: PlannedEvent[]): Promise<void> {
    const now = new Date();
    for (let start = 0; start < events.length; start += WRITE_SLICE) {
      const slice = events.slice(start, start + WRITE_SLICE);
      const sequences = await store.nextSequences(tx, slice.map((event) => event.subject));
      const rows = slice.map((event, index) => ({
        ...event,
        id: newId('webhookEvent'),
        sequence: sequences[index]!,
        body: webhookBody(event, sequences[index]!, now, this.options.maxPayloadBytes),
      }));
      await store.storeEvents(tx, rows, this.options.retryWindowMs);
    }
  }
}
