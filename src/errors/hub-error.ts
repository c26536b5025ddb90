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
  'UPSTREAM',
  'CONFIGURATION',
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

/** CLI exit codes: 2 means the user must fix how the command was called or configured. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof HubError && (error.code === 'CONFIGURATION' || error.code === 'BAD_USER_INPUT')) return 2;
  return 1;
}
