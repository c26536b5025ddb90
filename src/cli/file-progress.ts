import { MultiBar, Presets } from 'cli-progress';

export interface FileProgress {
  update(bytesRead: number): void;
  /** Writes a line to stderr above the bar, never glued to it or overwritten by it. */
  log(line: string): void;
  stop(): void;
}

/** A bar over a file's bytes on stderr, drawn only when stderr is a terminal; logged lines go through either way. */
export function startFileProgress(verb: string, totalBytes: number): FileProgress {
  if (!process.stderr.isTTY) {
    return { update: () => undefined, log: (line) => process.stderr.write(`${line}\n`), stop: () => undefined };
  }
  // MultiBar, even for one bar: only it can print lines above a bar while it is drawn.
  const bars = new MultiBar({ format: `${verb} [{bar}] {percentage}% | {value}/{total} bytes`, stream: process.stderr }, Presets.shades_classic);
  const bar = bars.create(totalBytes, 0);
  let running = true;
  return {
    update: (bytesRead) => running && bar.update(bytesRead),
    log: (line) => (running ? bars.log(`${line}\n`) : process.stderr.write(`${line}\n`)),
    // Safe to call again (say, once when done and once more in a finally).
    stop() {
      if (!running) return;
      running = false;
      bar.update(totalBytes);
      // A redraw prints the lines logged since the last one; stop alone would drop them.
      bars.update();
      bars.stop();
    },
  };
}
