import type { StreamState } from '../sdk/connector';

/**
 * The incremental cursor of one Zoho CRM stream: the newest Modified_Time delivered so far, and the ids
 * delivered at exactly that second. Zoho's Modified_Time has one-second precision and If-Modified-Since
 * means "strictly after", so asking from the cursor itself would lose a record changed in the same second
 * as the last one delivered (or cut across a page boundary by a crash). The next run asks from one second
 * earlier instead and skips only the ids it already has at the cursor second: nothing lost, nothing repeated.
 */
export interface ModifiedCursor {
  /** Epoch milliseconds of the newest Modified_Time delivered; undefined before the first full sync. */
  modifiedAtMs?: number;
  idsAtCursor: string[];
}

export const EMPTY_CURSOR: ModifiedCursor = { idsAtCursor: [] };

/** Reads a stored checkpoint; anything unreadable starts a full sync rather than failing the run. */
export function cursorFromState(state: StreamState | undefined): ModifiedCursor {
  const since = typeof state?.modified_since === 'string' ? Date.parse(state.modified_since) : Number.NaN;
  if (Number.isNaN(since)) return EMPTY_CURSOR;
  const ids = Array.isArray(state?.ids_at_cursor) ? state.ids_at_cursor.filter((id): id is string => typeof id === 'string') : [];
  return { modifiedAtMs: since, idsAtCursor: ids };
}

export function cursorToState(cursor: ModifiedCursor): StreamState {
  if (cursor.modifiedAtMs === undefined) return {};
  return { modified_since: new Date(cursor.modifiedAtMs).toISOString(), ids_at_cursor: cursor.idsAtCursor };
}

/** The If-Modified-Since header for a run starting from this cursor (undefined: full sync). */
export function ifModifiedSince(cursor: ModifiedCursor): string | undefined {
  return cursor.modifiedAtMs === undefined ? undefined : formatZohoTime(new Date(cursor.modifiedAtMs - 1000));
}

/** True for a row this cursor has already delivered (same id, same cursor second). */
export function deliveredAlready(cursor: ModifiedCursor, id: string | undefined, modifiedAtMs: number | undefined): boolean {
  return id !== undefined && modifiedAtMs !== undefined && modifiedAtMs === cursor.modifiedAtMs && cursor.idsAtCursor.includes(id);
}

/** The cursor after delivering (or rejecting) one row; rows come sorted by Modified_Time ascending. */
export function advanceCursor(cursor: ModifiedCursor, id: string | undefined, modifiedAtMs: number | undefined): ModifiedCursor {
  if (modifiedAtMs === undefined) return cursor;
  if (cursor.modifiedAtMs === undefined || modifiedAtMs > cursor.modifiedAtMs) return { modifiedAtMs, idsAtCursor: id === undefined ? [] : [id] };
  if (modifiedAtMs === cursor.modifiedAtMs && id !== undefined && !cursor.idsAtCursor.includes(id)) {
    return { modifiedAtMs, idsAtCursor: [...cursor.idsAtCursor, id] };
  }
  return cursor;
}

/** Zoho's own date-time shape, second precision with an explicit offset: 2026-01-02T10:00:00+08:00. */
export function formatZohoTime(date: Date, offsetMinutes = 0): string {
  const local = new Date(Math.floor(date.getTime() / 1000) * 1000 + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}
