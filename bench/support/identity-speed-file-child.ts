import { resolveCsvFile } from '../../src/modules/identity';

/** What one `hub resolve` run of a file measured. */
export interface FileResolutionSample {
  seconds: number;
  /** Reading and parsing the CSV, up to the engine's start. */
  readSeconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  profiles: number;
}

/**
 * `hub resolve --input <file> --output <file>` in a process of its own (forked by identity-speed.ts): the
 * function the command runs, so reading, resolving and writing are all timed and the peak memory is the run's.
 * Not timed: the command's start-up (Node, the TypeScript loader and the CLI's modules, about 1 s here: the
 * CLI loads the store's modules only in the commands that use them).
 * Arguments: input, output.
 */
async function main(): Promise<void> {
  const [input, output] = process.argv.slice(2);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let resolving = started;
  const { summary } = await resolveCsvFile({ input, output }, { onResolving: () => (resolving = performance.now()) });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const sample: FileResolutionSample = {
    seconds,
    readSeconds: (resolving - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    profiles: summary.profiles,
  };
  process.send!(sample, () => process.exit(0));
}

void main();
