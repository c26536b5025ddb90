import type { Database } from '../platform/database/database';
import type { JobQueue } from '../platform/queue/job-queue';

/** How long `/ready` waits for each dependency: a probe must answer fast, and a hung pool or Redis is as good as down. */
export const READINESS_TIMEOUT_MS = 2_000;

export interface DependencyCheck {
  status: 'ok' | 'down';
  /** Why it is down (a connection error's message, or the timeout); never a URL or a credential. */
  reason?: string;
}

export interface Readiness {
  ready: boolean;
  checks: { database: DependencyCheck; queue: DependencyCheck };
}

/** Asks the database (a trivial statement through the pool) and the queue (Redis PING; in-process always answers), each bounded by `timeoutMs`. */
export async function checkReadiness(dependencies: { database: Database; queue: JobQueue }, timeoutMs = READINESS_TIMEOUT_MS): Promise<Readiness> {
  const [database, queue] = await Promise.all([
    probe(() => dependencies.database.ping(), timeoutMs),
    probe(() => dependencies.queue.ping(), timeoutMs),
  ]);
  return { ready: database.status === 'ok' && queue.status === 'ok', checks: { database, queue } };
}

async function probe(ask: () => Promise<unknown>, timeoutMs: number): Promise<DependencyCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([ask(), timeout]);
    return { status: 'ok' };
  } catch (error) {
    return { status: 'down', reason: oneLine(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Connection errors may carry the server's address in their message; the first line is enough to act on, and URLs are cut. */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code || error.name : String(error);
  return message.split('\n')[0].replace(/\w+:\/\/\S+/g, '<url>').slice(0, 200);
}
