import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GraphQLContext } from './context';
import { aliasCount, queryCost, type QueryCost } from './query-cost';

interface Measured {
  cost: QueryCost;
  aliases: number;
}

// Variables longer than this (a batch of records) are measured each time rather than kept as a cache key.
const MAX_CACHED_VARIABLES_CHARS = 1024;
const MAX_CACHED_PER_DOCUMENT = 100;

export interface RequestLimits {
  /** The budget of a key without one of its own. */
  maxQueryCost: number;
  maxAliases: number;
  maxPageSize: number;
  /** Told of every request refused here, so the caller can be slowed (the HTTP server's penalty lane). */
  onRefused?: (principal: GraphQLContext['principal']) => void;
}

/**
 * Refuses, once the operation is known and before any resolver runs, a request over its cost budget (the key's
 * own, or the hub's) or with too many aliases: QUERY_TOO_COMPLEX naming what it costs and the limit. Cost is
 * checked first, so an alias attack is told what it would have cost.
 */
export function requestLimitsPlugin(limits: RequestLimits): ApolloServerPlugin<GraphQLContext> {
  // Apollo hands the same parsed document for the same query text (its document cache): measuring it once per
  // operation and variables turns a repeated attack into a lookup.
  const measured = new WeakMap<DocumentNode, Map<string, Measured>>();
  const measure = (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined): Measured | undefined => {
    const variablesText = variables && Object.keys(variables).length > 0 ? JSON.stringify(variables) : '';
    const cacheable = variablesText.length <= MAX_CACHED_VARIABLES_CHARS;
    const key = `${operationName ?? ''}\u0000${variablesText}`;
    const known = cacheable ? measured.get(document)?.get(key) : undefined;
    if (known) return known;
    let cost;
    try {
      cost = queryCost(schema, document, variables, operationName, limits.maxPageSize);
    } catch {
      return undefined; // variables that do not fit their types: execution refuses the request before any resolver runs
    }
    const result = { cost, aliases: aliasCount(document) };
    if (cacheable) {
      const byOperation = measured.get(document) ?? new Map<string, Measured>();
      if (byOperation.size >= MAX_CACHED_PER_DOCUMENT) byOperation.clear();
      byOperation.set(key, result);
      measured.set(document, byOperation);
    }
    return result;
  };

  const checkLimits = (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined, principal: GraphQLContext['principal']): GraphQLError | undefined => {
    const limit = principal.maxQueryCost ?? limits.maxQueryCost;
    const found = measure(schema, document, variables, operationName);
    if (!found) return undefined;
    const { cost, aliases } = found;
    if ('tooManyNodes' in cost) {
      return tooComplex(`This request selects more than 10,000 fields, far over this API key's cost limit of ${limit}; split it into smaller requests.`, { limit });
    }
    if (cost.cost > limit) {
      return tooComplex(
        `This request would cost ${cost.cost}, over this API key's limit of ${limit}: every list multiplies what it selects by its \`first\`. Ask for smaller pages, fewer nested lists or fewer aliases, or split it into several requests.`,
        { cost: cost.cost, limit },
      );
    }
    if (aliases > limits.maxAliases) {
      return tooComplex(`This request uses ${aliases} aliases; the limit is ${limits.maxAliases}. Split it into several requests.`, { aliases, limit: limits.maxAliases });
    }
    return undefined;
  };

  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, contextValue }) {
          const refused = checkLimits(schema, document, request.variables, operationName ?? undefined, contextValue.principal);
          if (!refused) return;
          limits.onRefused?.(contextValue.principal);
          throw refused;
        },
      };
    },
  };
}

function tooComplex(message: string, details: Record<string, number>): GraphQLError {
  return refusal(message, { code: 'QUERY_TOO_COMPLEX', ...details, http: { status: 400 } });
}

/**
 * A GraphQLError for a refused request, made without capturing a stack trace: nobody reads it (stack traces never
 * reach responses), and capturing one deep in Apollo's pipeline was the largest cost of answering an attack.
 */
export function refusal(message: string, extensions: Record<string, unknown>): GraphQLError {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(message, { extensions });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}
