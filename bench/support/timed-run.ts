import autocannon from 'autocannon';

/** Every response of a run, timed, by HTTP status, with the error codes seen in the answers. */
export interface Timed {
  byStatus: Map<number, number[]>;
  codes: Map<string, number>;
  completed: number;
  errors: number;
}

/**
 * One closed-loop connection per key for `seconds`, every response timed and its error code counted. A fixed body
 * is encoded once and its request reused (autocannon rebuilds a request per call of a body function): a sender
 * of 31 KB bodies then spends its CPU on sending, not on building.
 */
export async function timedRun(url: string, keys: string[], body: string | (() => string), seconds: number): Promise<Timed> {
  const timed: Timed = { byStatus: new Map(), codes: new Map(), completed: 0, errors: 0 };
  await Promise.all(
    keys.map(async (key) => {
      const instance = autocannon({
        url,
        connections: 1,
        duration: seconds,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        ...(typeof body === 'string' ? { body } : { requests: [{ setupRequest: (request) => ((request.body = body()), request) }] }),
        verifyBody: (text: string) => {
          const code = /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? (text.includes('"errors"') ? 'error' : 'ok');
          timed.codes.set(code, (timed.codes.get(code) ?? 0) + 1);
          return true;
        },
      });
      instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        const times = timed.byStatus.get(statusCode) ?? [];
        times.push(responseTime);
        timed.byStatus.set(statusCode, times);
      });
      const result = await instance;
      timed.completed += result.latency.totalCount;
      timed.errors += result.errors + result.timeouts;
    }),
  );
  return timed;
}

export function timedToJson(timed: Timed): string {
  return JSON.stringify({ byStatus: [...timed.byStatus], codes: [...timed.codes], completed: timed.completed, errors: timed.errors });
}

export function timedFromJson(text: string): Timed {
  const parsed = JSON.parse(text) as { byStatus: [number, number[]][]; codes: [string, number][]; completed: number; errors: number };
  return { byStatus: new Map(parsed.byStatus), codes: new Map(parsed.codes), completed: parsed.completed, errors: parsed.errors };
}
