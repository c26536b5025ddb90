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
 * The shape of a JSON value: every key with the type of its value, arrays by the shape of their first item.
 * Two answers with the same shape carry the same fields with the same types, whatever their values.
 */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value === null) return 'null';
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([key, item]) => [key, shapeOf(item)]));
  return typeof value;
}
