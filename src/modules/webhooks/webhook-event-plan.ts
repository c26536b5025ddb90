import { isDeepStrictEqual } from 'node:util';
import type { FieldValues, ProfileChange } from '../profiles';
import type { WebhookEventType } from './webhook-event-types';
import { ownValue, setOwn } from '../../platform/own-keys';

/** An outbox event before it has its id and sequence number. */
export interface PlannedEvent {
  type: WebhookEventType;
  /** What its sequence number counts: the profile id, or the connection id of a sync.failed. */
  subject: string;
  profileId: string | null;
  /** The segment of a segment.entered / segment.exited. */
  segmentId: string | null;
  /** Whose segment memberships decide whether a subscription limited to a segment gets it (a merge's survivor). */
  membershipProfileId: string | null;
  /** The segments a deleted profile was in: its memberships are gone when the subscriptions are matched. */
  formerSegmentIds: string[];
  data: Record<string, unknown>;
}

export interface FieldChange {
  before: unknown;
  after: unknown;
}

/** The profiles' values after the change, read inside its transaction. */
export interface ProfileValuesAfter {
  traits: Map<string, FieldValues>;
  computed: Map<string, FieldValues>;
  /** The holding consent status by `channel:purpose` (e.g. email:marketing → granted). */
  consents: Map<string, FieldValues>;
  segmentNames: Map<string, string>;
}

/** Each key whose value differs, with both values (null for a key that appeared or went). */
export function fieldChanges(before: FieldValues, after: FieldValues): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const [was, now] = [ownValue(before, key) ?? null, ownValue(after, key) ?? null];
    if (!isDeepStrictEqual(was, now)) setOwn(changes, key, { before: was, after: now });
  }
  return changes;
}

/**
 * The webhook events one profile change causes, in the order a receiver must see them for each profile:
 * created, updated, split, segment exits and entries, then merged or deleted (a profile's last word is
 * where it went, or that it is gone). `wanted` says which types any
 * subscription asks for, so no work is done for the rest. Pure: the values come from the caller.
 */
export function plannedEvents(change: ProfileChange, after: ProfileValuesAfter, wanted: (type: WebhookEventType) => boolean): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  const profileEvent = (type: WebhookEventType, profileId: string, data: Record<string, unknown>, membershipProfileId = profileId) =>
    events.push({ type, subject: profileId, profileId, segmentId: null, membershipProfileId, formerSegmentIds: [], data });
  const created = new Set(change.created);
  const mergedAway = new Set(change.merged.map((merge) => merge.profileId));
  const computed = new Set(change.computed);

  if (wanted('profile.created')) {
    for (const profileId of change.created) {
      const changes = changeGroups(fieldChanges({}, after.traits.get(profileId) ?? {}), fieldChanges({}, after.computed.get(profileId) ?? {}), fieldChanges({}, after.consents.get(profileId) ?? {}));
      profileEvent('profile.created', profileId, { changes });
    }
  }
  if (wanted('profile.updated')) {
    for (const profileId of new Set([...change.changed, ...change.computed])) {
      if (created.has(profileId) || mergedAway.has(profileId)) continue;
      const traits = change.changed.includes(profileId) ? fieldChanges(change.traitsBefore.get(profileId) ?? {}, after.traits.get(profileId) ?? {}) : {};
      const computedTraits = computed.has(profileId) ? fieldChanges(change.computedBefore.get(profileId) ?? {}, after.computed.get(profileId) ?? {}) : {};
      // Consents are compared only when the change re-derived them (it says what they were).
      const consents = change.consentsBefore && change.changed.includes(profileId) ? fieldChanges(change.consentsBefore.get(profileId) ?? {}, after.consents.get(profileId) ?? {}) : {};
      // A record can change without changing any value the profile shows (only its events did, say): nothing to tell.
      if (Object.keys(traits).length + Object.keys(computedTraits).length + Object.keys(consents).length > 0) {
        profileEvent('profile.updated', profileId, { changes: changeGroups(traits, computedTraits, consents) });
      }
    }
  }
  if (wanted('profile.split')) {
    for (const split of change.split) profileEvent('profile.split', split.profileId, { createdProfileId: split.createdProfileId });
  }
  for (const move of change.segments) {
    const type = move.change === 'entered' ? 'segment.entered' : 'segment.exited';
    if (!wanted(type)) continue;
    events.push({
      type,
      subject: move.profileId,
      profileId: move.profileId,
      segmentId: move.segmentId,
      membershipProfileId: move.profileId,
      formerSegmentIds: [],
      data: { segmentId: move.segmentId, segmentName: after.segmentNames.get(move.segmentId) ?? null },
    });
  }
  if (wanted('profile.merged')) {
    // On the merged profile's own sequence, after everything it had: its last event says where it went.
    for (const merge of change.merged) profileEvent('profile.merged', merge.profileId, { survivorId: merge.survivorId }, merge.survivorId);
  }
  if (wanted('profile.deleted')) {
    for (const profileId of change.deleted) {
      const formerSegmentIds = change.segments.filter((move) => move.profileId === profileId && move.change === 'exited').map((move) => move.segmentId);
      events.push({ type: 'profile.deleted', subject: profileId, profileId, segmentId: null, membershipProfileId: profileId, formerSegmentIds, data: {} });
    }
  }
  return events;
}

function changeGroups(traits: Record<string, FieldChange>, computedTraits: Record<string, FieldChange>, consents: Record<string, FieldChange> = {}): Record<string, Record<string, FieldChange>> {
  return {
    ...(Object.keys(traits).length > 0 && { traits }),
    ...(Object.keys(computedTraits).length > 0 && { computedTraits }),
    ...(Object.keys(consents).length > 0 && { consents }),
  };
}

/** The profiles whose values plannedEvents reads: created and changed ones, not those merged away. */
export function profilesToRead(change: ProfileChange, wanted: (type: WebhookEventType) => boolean): string[] {
  const mergedAway = new Set(change.merged.map((merge) => merge.profileId));
  const ids = [...(wanted('profile.created') ? change.created : []), ...(wanted('profile.updated') ? [...change.changed, ...change.computed] : [])];
  return [...new Set(ids)].filter((id) => !mergedAway.has(id));
}

/**
 * The exact JSON a receiver gets: type, timestamp (of the change), profileId, the per-subject sequence
 * number and data. A body over `maxBytes` keeps the changed keys but drops their values, and says so:
 * the receiver reads the profile from the API instead.
 */
export function webhookBody(event: PlannedEvent, sequence: number, occurredAt: Date, maxBytes: number): string {
  const body = (data: Record<string, unknown>) => JSON.stringify({ type: event.type, timestamp: occurredAt.toISOString(), profileId: event.profileId, sequence, data });
  const full = body(event.data);
  if (Buffer.byteLength(full) <= maxBytes) return full;
  const changes = event.data.changes as Record<string, Record<string, FieldChange>> | undefined;
  const keysOnly = changes ? body({ ...event.data, changes: Object.fromEntries(Object.entries(changes).map(([group, fields]) => [group, Object.keys(fields)])), truncated: true }) : undefined;
  if (keysOnly && Buffer.byteLength(keysOnly) <= maxBytes) return keysOnly;
  return body({ truncated: true });
}
