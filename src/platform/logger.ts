import pino, { type Logger } from 'pino';
import { serializeError } from './logged-error';

export type { Logger };
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

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
