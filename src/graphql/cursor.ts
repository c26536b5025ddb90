import { HubError } from '../errors/hub-error';

/** Cursors are opaque to clients: base64url JSON, so their content can change without breaking anyone. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, isValid: (value: unknown) => value is T): T {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isValid(value)) return value;
  } catch {
    // fall through to the error below
  }
  throw new HubError('BAD_USER_INPUT', 'Invalid cursor: pass an endCursor or edge cursor from a previous page unchanged.');
}

/** A cursor that names the last item seen by its id (its position is looked up, or compared, by the query). */
export const isIdCursor = (value: unknown): value is { id: string } => typeof (value as { id?: unknown })?.id === 'string';

/** PageInfo for a forward page of edges. */
export function forwardPageInfo(edges: { cursor: string }[], hasNextPage: boolean, after: string | null | undefined) {
  return { hasNextPage, hasPreviousPage: after !== undefined && after !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null };
}
