/**
 * What can go wrong when talking to a platform, sorted by what the sync should do about it:
 * retry later (`retryable`), or stop and ask a person (`unrecoverable`: the connection needs attention).
 */
export const CONNECTOR_ERROR_CODES = {
  AUTH_FAILED: 'unrecoverable',
  PERMISSION_DENIED: 'unrecoverable',
  BAD_CONFIG: 'unrecoverable',
  RATE_LIMITED: 'retryable',
  UPSTREAM_UNAVAILABLE: 'retryable',
  TIMEOUT: 'retryable',
  NETWORK: 'retryable',
  BAD_RESPONSE: 'retryable',
} as const;

export type ConnectorErrorCode = keyof typeof CONNECTOR_ERROR_CODES;

export class ConnectorError extends Error {
  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; platformCode?: string | number } = {},
  ) {
    super(message);
    this.name = 'ConnectorError';
  }

  get retryable(): boolean {
    return CONNECTOR_ERROR_CODES[this.code] === 'retryable';
  }
}
