import { createReadStream } from 'node:fs';
import { MultiBar, Presets } from 'cli-progress';

export interface FileProgress {
  /** Rows done so far (stored, rejected or suppressed), or bytes read. */
  update(rowsDone: number): void;
  /** Writes a line to stderr above the bar, never glued to it or overwritten by it. */
  log(line: string): void;
  stop(): void;
}

/**
 * The rows of a CSV file below its header, counted by line breaks (a quoted field holding a line break counts one
 * row more: the bar's total is an estimate, and the bar ends at the rows really done). Reads at disk speed, a
 * fraction of the import's time, so the bar has its total before the first batch is stored.
 */
export async function countDataRows(file: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines++;
    last = chunk[chunk.length - 1];
  }
  // A last line without a line break is a row too; the header is not.
  return Math.max(0, lines + (last === 0x0a ? 0 : 1) - 1);
}

/** A bar over a file's rows (or bytes) on stderr, drawn only when stderr is a terminal; logged lines go through either way. */
export function startFileProgress(verb: string, totalRows: number, unit: 'rows' | 'bytes' = 'rows'): FileProgress {
  if (!process.stderr.isTTY) {
    return { update: () => undefined, log: (line) => process.stderr.write(`${line}\n`), stop: () => undefined };
  }
  // MultiBar, even for one bar: only it can print lines above a bar while it is drawn.
  const bars = new MultiBar({ format: `${verb} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`, stream: process.stderr }, Presets.shades_classic);
  const bar = bars.create(Math.max(1, totalRows), 0, { rate: 0 });
  const startedAt = Date.now();
  let done = 0;
  let running = true;
  return {
    update(rowsDone) {
      if (!running) return;
      done = rowsDone;
      const seconds = (Date.now() - startedAt) / 1000;
      // The estimate of the total can fall short (line breaks inside quotes): the bar grows rather than pass 100%.
      if (rowsDone > bar.getTotal()) bar.setTotal(rowsDone);
      bar.update(rowsDone, { rate: seconds > 0 ? Math.round(rowsDone / seconds) : 0 });
    },
    log: (line) => (running ? bars.log(`${line}\n`) : process.stderr.write(`${line}\n`)),
    // Safe to call again (say, once when done and once more in a finally).
    stop() {
      if (!running) return;
      running = false;
      bar.setTotal(Math.max(1, done));
      bar.update(done);
      // A redraw prints the lines logged since the last one; stop alone would drop them.
      bars.update();
      bars.stop();
    },
  };
}
