/**
 * Runs one shutdown step, giving up on it (with a warning) after `timeoutMs`, so the steps after it still
 * run: a queue waiting on a job, a pool waiting for a database that is gone, must not hold the rest up.
 */
export async function boundedStep(name: string, step: () => Promise<unknown>, timeoutMs: number, warn: (message: string) => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([step().then(() => 'done' as const), gaveUp]);
    if (outcome === 'timeout') warn(`shutdown: ${name} did not finish within ${timeoutMs} ms; going on`);
  } catch (error) {
    warn(`shutdown: ${name} failed (${error instanceof Error ? error.message : String(error)}); going on`);
  } finally {
    clearTimeout(timer);
  }
}
