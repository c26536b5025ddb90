/** However the database or the queue behaves, a stopped hub process is gone within this long of the signal. */
export const SHUTDOWN_DEADLINE_MS = 10_000;
/** The hard exit comes this long before the deadline, leaving the process time to actually end. */
const HARD_EXIT_MARGIN_MS = 1_000;

/**
 * Resolves on the first Ctrl-C or SIGTERM. The listeners stay installed (not `once`): libraries that
 * use signal-exit re-raise a signal that no one else listens to, which would kill us mid-shutdown.
 * From that signal on, the process exits within SHUTDOWN_DEADLINE_MS even if a shutdown step hangs
 * (a pool waiting for a database that is gone, a job that does not finish): the orderly steps get
 * what time there is, then the process ends with the exit code set so far (0 when none was: the stop
 * was asked for). A second signal ends it at once.
 */
export function shutdownSignal(): Promise<NodeJS.Signals> {
  let received: NodeJS.Signals | undefined;
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (received) {
          process.stderr.write(`hub: ${signal} again; exiting now\n`);
          process.exit(process.exitCode ?? 0);
        }
        received = signal;
        armHardExit(SHUTDOWN_DEADLINE_MS - HARD_EXIT_MARGIN_MS);
        resolve(signal);
      });
    }
  });
}

function armHardExit(afterMs: number): void {
  const timer = setTimeout(() => {
    process.stderr.write(`hub: shutdown did not finish within ${afterMs} ms; exiting now\n`);
    process.exit(process.exitCode ?? 0);
  }, afterMs);
  // When the orderly shutdown lets the event loop empty, the process ends without waiting for this.
  timer.unref();
}
