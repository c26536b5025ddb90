export interface ServerControl {
  /** The child's own counters (e.g. SQL statements sent so far); printed on SIGUSR2 and on the way out. */
  stats(): Record<string, unknown>;
  stop(): Promise<void>;
}

/**
 * The child side of a benchmark server: announces itself as one JSON line on stdout, prints its counters
 * as a JSON line on SIGUSR2, and on SIGTERM shuts down, prints them a last time and exits (which also
 * writes a --cpu-prof profile).
 */
export function announceServer(url: string, control: ServerControl): void {
  const printStats = (then?: () => void) => process.stdout.write(JSON.stringify({ stats: control.stats() }) + '\n', then);
  process.stdout.write(JSON.stringify({ url }) + '\n');
  process.on('SIGUSR2', () => printStats());
  process.once('SIGTERM', () => {
    control
      .stop()
      .then(() => printStats(() => process.exit(0)))
      .catch((error: unknown) => {
        process.stderr.write(`benchmark server: ${String(error)}\n`);
        process.exit(1);
      });
  });
}

export function failServer(error: unknown): never {
  process.stderr.write(`benchmark server failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
}
