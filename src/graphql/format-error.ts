import { unwrapResolverError } from '@apollo/server/errors';
import { QUOTED_PREFIX } from '../../connectors/sdk/records';
import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { HubError, isUnavailable } from '../errors/hub-error';
import { isDatabaseError } from '../platform/logged-error';
import type { Logger } from '../platform/logger';

export const UNAVAILABLE_MESSAGE = 'The database is unavailable right now; try again in a few seconds.';

// No message is longer: a rejected value is quoted by its first QUOTED_PREFIX characters, never whole.
const MAX_MESSAGE = 1000;

/**
 * Maps every error to a stable `extensions.code`; unexpected ones are logged and not leaked. Every message
 * quotes at most a short prefix of a value (GraphQL's own "got invalid value" messages quote the whole value).
 */
export function createErrorFormatter(logger: Logger) {
  const format = mapError(logger);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const mapped = format(formatted, error);
    return { ...mapped, message: clipQuotedValues(mapped.message) };
  };
}

/** Double-quoted runs longer than QUOTED_PREFIX cut to their prefix and "…"; the whole message to MAX_MESSAGE. */
function clipQuotedValues(message: string): string {
  const clipped = message.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) => (inner.length > QUOTED_PREFIX ? `"${[...inner].slice(0, QUOTED_PREFIX).join('')}…"` : whole));
  return clipped.length > MAX_MESSAGE ? `${[...clipped].slice(0, MAX_MESSAGE).join('')}…` : clipped;
}

function mapError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof HubError) {
      return { ...formatted, message: original.message, extensions: { code: original.code, ...(original.details ?? {}) } };
    }
    if (original instanceof ArgumentValidationError) {
      const problems = original.extensions.validationErrors as { property: string; constraints?: Record<string, string>; children?: unknown[] }[];
      const messages = flattenValidation(problems);
      return { ...formatted, message: `Invalid argument: ${messages.join('; ')}`, extensions: { code: 'BAD_USER_INPUT', problems: messages } };
    }
    if (formatted.extensions?.hubCode) {
      const { hubCode, ...rest } = formatted.extensions;
      return { ...formatted, extensions: { ...rest, code: hubCode } };
    }
    const code = formatted.extensions?.code;
    if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    if (isUnavailable(original)) {
      // The database went away (or is restarting): the client may retry; the HTTP status is 503 (see unavailablePlugin).
      logger.warn({ reason: (original as Error).message }, 'database unavailable while serving GraphQL');
      return { message: UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: 'UNAVAILABLE' } };
    }
    if (isDatabaseError(original) && /^(22|54)/.test(original.code)) {
      // A value the database cannot hold or compare (validation should have refused it first): the caller's input, not a fault.
      logger.warn({ err: original }, 'a value of a GraphQL request was refused by the database');
      return { message: `A value of this request cannot be stored or compared (SQLSTATE ${original.code}); check its characters, lengths and ranges.`, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
    }
    logger.error({ err: original }, 'unexpected error while serving GraphQL');
    return { message: 'Internal error; the server log has the details.', path: formatted.path, extensions: { code: 'INTERNAL' } };
  };
}

function flattenValidation(problems: { property: string; constraints?: Record<string, string>; children?: unknown[] }[], prefix = ''): string[] {
  return problems.flatMap((problem) => {
    const path = prefix ? `${prefix}.${problem.property}` : problem.property;
    const own = Object.values(problem.constraints ?? {}).map((message) => (message.startsWith(problem.property) ? `${prefix ? prefix + '.' : ''}${message}` : `${path}: ${message}`));
    const nested = flattenValidation((problem.children ?? []) as typeof problems, path);
    return [...own, ...nested];
  });
}
