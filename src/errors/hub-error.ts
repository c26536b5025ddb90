/**
 * The one error type of the hub. Its code is a closed list; each code maps to a GraphQL
 * `extensions.code` and to a CLI exit code, so callers branch on the code, never on the message.
 */
export const HUB_ERROR_CODES = [
  'BAD_USER_INPUT',
  'VALIDATION',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'QUERY_TIMEOUT',
  'UPSTREAM',
  'CONFIGURATION',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type HubErrorCode = (typeof HUB_ERROR_CODES)[number];

export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

/** The CLI's exit code for a store that is away (sysexits' EX_TEMPFAIL): the same command may succeed when retried. */
export const EXIT_UNAVAILABLE = 75;

/**
 * CLI exit codes: 2 means the user must fix how the command was called or configured; 75 that the
 * database (or queue) could not be reached, so trying again later may work.
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof HubError && (error.code === 'CONFIGURATION' || error.code === 'BAD_USER_INPUT')) return 2;
  if ((error instanceof HubError && error.code === 'UNAVAILABLE') || isUnavailable(error)) return EXIT_UNAVAILABLE;
  return 1;
}

// PostgreSQL's admin_shutdown, crash_shutdown, cannot_connect_now, and class 08 (connection exception).
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']);
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /Timeout acquiring a connection/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /Connection is closed/i,
];

/**
 * Whether an error says the database (or Redis) could not be reached or went away mid-statement, rather
 * than that the statement was wrong: the API answers such errors 503 `UNAVAILABLE`, not 500 `INTERNAL`.
 * Looks through `cause` and AggregateError's `errors` (Node's ECONNREFUSED over IPv4 and IPv6).
 */
export function isUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  if (error instanceof HubError) return error.code === 'UNAVAILABLE';
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (Array.isArray(errors) && errors.some((inner) => isUnavailable(inner, depth + 1))) return true;
  return isUnavailable(cause, depth + 1);
}
