/**
 * Lines for a person on stderr (log lines, warnings). While a live progress line is drawn on a terminal they go
 * above it, through the bar's own log, never into the line being redrawn.
 */
let above: ((line: string) => void) | undefined;

export function writeStderrLine(line: string): void {
  const text = line.endsWith('\n') ? line : `${line}\n`;
  if (above) above(text);
  else process.stderr.write(text);
}

/** Sends lines through `writer` (a live bar's log) until called again with undefined. */
export function drawStderrLinesAbove(writer: ((line: string) => void) | undefined): void {
  above = writer;
}
