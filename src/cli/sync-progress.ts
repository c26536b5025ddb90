import { MultiBar } from 'cli-progress';
import type { StreamStats, SyncRunRow } from '../modules/sync';
import { oneLine } from './one-line';
import { drawStderrLinesAbove } from './stderr-lines';

/** Without a terminal, a progress line is written when what it says changes, and otherwise at most this often. */
export const LOG_PROGRESS_EVERY_MS = 10_000;
const BAR_WIDTH = 20;

export interface RunProgress {
  update(run: SyncRunRow): void;
  stop(): void;
}

/** What a run's progress says now, and the current stream's share done (undefined without a total). */
interface ProgressView {
  text: string;
  /** Changes of these (status, stream, total known) are worth a line of their own in a log. */
  milestone: string;
  fraction?: number;
}

/**
 * `<name>: <status>, N records read[, <stream> n/total (p%)][, R records/s][, ETA d]`. The stream is the one being
 * read (the last started, in the connector's order); its total is what the platform reported. The rate is the run's
 * average since it started (so a finished run says how fast it went), the ETA that rate over what is left of the stream.
 */
export function describeProgress(name: string, run: SyncRunRow, streamNames: readonly string[], now = new Date()): ProgressView {
  const stats = run.streamStats;
  const read = Object.values(stats).reduce((sum, stream) => sum + stream.read, 0);
  const retrying = run.attempts > 1 && run.lastError && run.status !== 'succeeded' ? `, attempt ${run.attempts} after: ${oneLine(run.lastError)}` : '';
  const parts = [`${run.status}${retrying}`, `${read} records read`];
  const current = [...streamNames, ...Object.keys(stats).filter((stream) => !streamNames.includes(stream))].filter((stream) => stats[stream]).at(-1);
  const stream: StreamStats | undefined = current ? stats[current] : undefined;
  let fraction: number | undefined;
  if (current && stream?.total !== undefined) {
    const total = Math.max(stream.total, stream.read);
    fraction = total === 0 ? 1 : stream.read / total;
    parts.push(`${current} ${stream.read}/${total} (${Math.floor(fraction * 100)}%)`);
  }
  const elapsedMs = run.startedAt ? (run.finishedAt ?? now).getTime() - run.startedAt.getTime() : 0;
  const rate = elapsedMs >= 1000 && read > 0 ? read / (elapsedMs / 1000) : undefined;
  if (rate !== undefined) parts.push(`${rate >= 10 ? Math.round(rate) : rate.toFixed(1)} records/s`);
  if (rate !== undefined && run.status === 'running' && stream?.total !== undefined && stream.read < stream.total) {
    parts.push(`ETA ${duration((stream.total - stream.read) / rate)}`);
  }
  return { text: `${name}: ${parts.join(', ')}`, milestone: `${run.status}${retrying}|${current}|${stream?.total !== undefined}`, fraction };
}

function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * On a terminal, a live line on stderr redrawn in place, with a bar where a total is known; log lines and messages
 * meanwhile go above it (see stderr-lines.ts). Elsewhere, plain lines: one per milestone, otherwise one every
 * LOG_PROGRESS_EVERY_MS at most.
 */
export function startRunProgress(name: string, streamNames: readonly string[]): RunProgress {
  if (process.stderr.isTTY) return liveProgress(name, streamNames);
  let lastMilestone: string | undefined;
  let lastText: string | undefined;
  let lastWrittenAt = 0;
  return {
    update(run) {
      const view = describeProgress(name, run, streamNames);
      const due = view.text !== lastText && Date.now() - lastWrittenAt >= LOG_PROGRESS_EVERY_MS;
      if (view.milestone === lastMilestone && !due) return;
      process.stderr.write(`${view.text}\n`);
      lastMilestone = view.milestone;
      lastText = view.text;
      lastWrittenAt = Date.now();
    },
    stop() {},
  };
}

function liveProgress(name: string, streamNames: readonly string[]): RunProgress {
  // MultiBar, even for one bar: only it prints lines above the bar while it is drawn.
  // linewrap: true trims the line to the terminal's width instead of switching wrapping off, which a Ctrl-C would leave off.
  const bars = new MultiBar({ stream: process.stderr, linewrap: true, hideCursor: false, format: (_options, _params, payload: { line?: string }) => payload.line ?? `${name}: starting` });
  const bar = bars.create(1, 0, { line: `${name}: starting` });
  drawStderrLinesAbove((line) => bars.log(line));
  let stopped = false;
  return {
    update(run) {
      const view = describeProgress(name, run, streamNames);
      const drawn = view.fraction === undefined ? view.text : `${view.text} ${barOf(view.fraction)}`;
      bar.update(0, { line: drawn });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      drawStderrLinesAbove(undefined);
      // A redraw prints the lines logged since the last one; stop alone would drop them.
      bars.update();
      bars.stop();
    },
  };
}

function barOf(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH);
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`;
}
