/**
 * Resolves on the first Ctrl-C or SIGTERM. The listeners stay installed (not `once`): libraries that
 * use signal-exit re-raise a signal that no one else listens to, which would kill us mid-shutdown.
 */
export function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => resolve(signal));
  });
}
