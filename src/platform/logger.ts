import pino, { type Logger } from 'pino';
import { serializeError } from './logged-error';

export type { Logger };
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** `json`: one JSON object a line, for machines; `text`: `12:01:02 WARN message key=value`, for a person at a terminal. */
export type LogFormat = 'json' | 'text';
export const LOG_FORMATS: readonly LogFormat[] = ['json', 'text'];

/**
 * Structured JSON logs on stderr (stdout belongs to the CLI's own output).
 * PII and secrets are redacted by key wherever they appear in a logged object; errors are logged without the
 * record content a database error quotes (see logged-error.ts). `destination`: where the lines go instead
 * (a test reading what was logged).
 */
export function createLogger(level: LogLevel, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      serializers: { err: serializeError },
      redact: {
        // err.detail and err.parameters: PostgreSQL errors quote the offending row (e-mails, phones) there.
        paths: ['email', 'phone', 'password', 'secret', 'apiKey', 'authorization', '*.email', '*.phone', '*.password', '*.secret', '*.apiKey', '*.authorization', 'records', 'payload', 'err.detail', 'err.parameters'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const NOT_SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg']);

/**
 * A destination handing each log line to `write` (one line, ending in a newline): as pino wrote it (`json`), or
 * as a person reads it (`text`). Redaction has happened before: this only lays out what pino would have written.
 */
export function lineDestination(format: LogFormat, write: (line: string) => void): pino.DestinationStream {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line) write(format === 'json' ? `${line}\n` : `${textLine(line)}\n`);
    },
  };
}

function textLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toTimeString().slice(0, 8) : '';
  const level = LEVEL_NAMES[Number(entry.level)] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([key]) => !NOT_SHOWN.has(key))
    .map(([key, value]) => `${key}=${fieldText(key, value)}`);
  return [time, level.padEnd(5), String(entry.msg ?? ''), ...fields].filter(Boolean).join(' ');
}

function fieldText(key: string, value: unknown): string {
  if (key === 'err' && value && typeof value === 'object' && 'message' in value) return JSON.stringify(String((value as { message: unknown }).message));
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}
