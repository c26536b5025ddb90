import { FaultSwitches } from './fault-switches';
import { serveEmulator, type EmulatorReply, type EmulatorRequest, type RunningEmulator } from './emulator-server';

/**
 * Serves a platform's published example responses over real HTTP on 127.0.0.1, so a connector's own client,
 * inspector and mapping read them exactly as they would read the platform. `answer` picks the fixture for a
 * request; undefined answers 404. Requests are recorded like an emulator's.
 */
export function serveFixtures(answer: (request: EmulatorRequest) => unknown): Promise<RunningEmulator> {
  return serveEmulator((request): EmulatorReply => {
    const body = answer(request);
    return body === undefined ? { status: 404 } : { status: 200, body };
  }, new FaultSwitches());
}

/**
 * The shape of a JSON value: every key with the type of its value; an array by the merged shape of its items
 * (documentation examples vary their items to show optional fields). Two answers with the same shape carry the
 * same fields with the same types, whatever their values.
 */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [value.map(shapeOf).reduce(mergeShapes)];
  if (value === null) return 'null';
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([key, item]) => [key, shapeOf(item)]));
  return typeof value;
}

/**
 * Where `actual` strays from a documented example: each field the documentation does not show, or shows with
 * another type, as a path (`external_contact_list[].follow_info.oper_id: not documented`). Empty when every
 * field `actual` carries is documented with that type; documented fields `actual` leaves out are not listed.
 */
export function undocumentedFields(actual: unknown, documented: unknown, path = ''): string[] {
  const [have, want] = [shapeOf(actual), shapeOf(documented)];
  return strays(have, want, path || '(root)');
}

function strays(have: unknown, want: unknown, path: string): string[] {
  if (Array.isArray(have) && Array.isArray(want)) return have.length === 0 || want.length === 0 ? [] : strays(have[0], want[0], `${path}[]`);
  if (isShapeObject(have) && isShapeObject(want)) {
    return Object.entries(have).flatMap(([key, shape]) => (key in want ? strays(shape, want[key], `${path}.${key}`) : [`${path}.${key}: not documented`]));
  }
  return JSON.stringify(have) === JSON.stringify(want) ? [] : [`${path}: ${JSON.stringify(have)}, documented ${JSON.stringify(want)}`];
}

function mergeShapes(a: unknown, b: unknown): unknown {
  if (isShapeObject(a) && isShapeObject(b)) {
    const merged: Record<string, unknown> = { ...a };
    for (const [key, shape] of Object.entries(b)) merged[key] = key in merged ? mergeShapes(merged[key], shape) : shape;
    return Object.fromEntries(Object.entries(merged).sort(([x], [y]) => x.localeCompare(y)));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === 0 ? b : b.length === 0 ? a : [mergeShapes(a[0], b[0])];
  return a;
}

function isShapeObject(shape: unknown): shape is Record<string, unknown> {
  return typeof shape === 'object' && shape !== null && !Array.isArray(shape);
}
