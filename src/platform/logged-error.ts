/**
 * How an error appears in the log. A PostgreSQL error carries the record it failed on: `detail` quotes the
 * offending row, `where` a slice of the input (a phone number), `internalQuery` and parameters the values, and
 * a data exception's message quotes the value itself. Only what names the fault is kept: its SQLSTATE code,
 * severity, constraint, table, column, schema, data type and routine, with quoted values cut from the message.
 */

const PG_FIELDS = ['code', 'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine'] as const;
// Fields any error may carry that quote input; left out of every logged error, pg's or another's that copied them.
const CONTENT_FIELDS = new Set(['where', 'detail', 'hint', 'internalQuery', 'internalPosition', 'position', 'parameters', 'query', 'file', 'line', 'raw', 'record', 'records', 'payload']);
const MAX_DEPTH = 4;

export interface LoggedError {
  type: string;
  message: string;
  stack?: string;
  cause?: LoggedError | unknown;
  [field: string]: unknown;
}

/** A PostgreSQL error as the pg driver throws it (an Error with a five-character SQLSTATE and a severity). */
export function isDatabaseError(error: unknown): error is Error & { code: string; severity: string } {
  if (!(error instanceof Error)) return false;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string';
}

/** The message of a database error without the values a data exception (class 22) quotes: `"0000-01-01"` becomes `"…"`. */
export function databaseErrorMessage(error: Error & { code: string }): string {
  return error.code.startsWith('22') ? error.message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"') : error.message;
}

/** The pino `err` serializer: see the header. */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  if (depth >= MAX_DEPTH) return { type: error.name, message: '[cause chain cut]' };
  if (isDatabaseError(error)) {
    const logged: LoggedError = { type: error.name, message: databaseErrorMessage(error) };
    for (const field of PG_FIELDS) {
      const value = (error as unknown as Record<string, unknown>)[field];
      if (value !== undefined) logged[field] = value;
    }
    return logged;
  }
  const logged: LoggedError = { type: error.constructor?.name ?? error.name, message: error.message, stack: error.stack };
  for (const [field, value] of Object.entries(error)) {
    if (CONTENT_FIELDS.has(field) || field === 'cause' || field === 'errors') continue;
    if (isScalar(value)) logged[field] = value;
    // One level of a plain object (a HubError's details: a connector code, whether it is retryable), scalars only.
    else if (isPlainObject(value)) logged[field] = Object.fromEntries(Object.entries(value).filter(([key, inner]) => !CONTENT_FIELDS.has(key) && isScalar(inner)));
  }
  if (error.cause !== undefined) logged.cause = serializeError(error.cause, depth + 1);
  if (error instanceof AggregateError) logged.errors = error.errors.slice(0, 10).map((inner: unknown) => serializeError(inner, depth + 1));
  return logged;
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
