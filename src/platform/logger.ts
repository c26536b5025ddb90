import pino, { type Logger } from 'pino';

export type { Logger };
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Structured JSON logs on stderr (stdout belongs to the CLI's own output).
 * PII and secrets are redacted by key wherever they appear in a logged object.
 */
export function createLogger(level: LogLevel): Logger {
  return pino(
    {
      level,
      redact: {
        // err.detail and err.parameters: PostgreSQL errors quote the offending row (e-mails, phones) there.
        paths: ['email', 'phone', 'password', 'secret', 'apiKey', 'authorization', '*.email', '*.phone', '*.password', '*.secret', '*.apiKey', '*.authorization', 'records', 'payload', 'err.detail', 'err.parameters'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}
