import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from './context';
import { aliasCount, queryCost } from './query-cost';

export interface RequestLimits {
  /** The budget of a key without one of its own. */
  maxQueryCost: number;
  maxAliases: number;
  maxPageSize: number;
}

/**
 * Refuses, once the operation is known and before any resolver runs, a request over its cost budget (the key's
 * own, or the hub's) or with too many aliases: QUERY_TOO_COMPLEX naming what it costs and the limit. Cost is
 * checked first, so an alias attack is told what it would have cost.
 */
export function requestLimitsPlugin(limits: RequestLimits): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, contextValue }) {
          const limit = contextValue.principal.maxQueryCost ?? limits.maxQueryCost;
          let measured;
          try {
            measured = queryCost(schema, document, request.variables, operationName ?? undefined, limits.maxPageSize);
          } catch {
            return; // variables that do not fit their types: execution refuses the request before any resolver runs
          }
          if ('tooManyNodes' in measured) {
            throw tooComplex(`This request selects more than 10,000 fields, far over this API key's cost limit of ${limit}; split it into smaller requests.`, { limit });
          }
          if (measured.cost > limit) {
            throw tooComplex(
              `This request would cost ${measured.cost}, over this API key's limit of ${limit}: every list multiplies what it selects by its \`first\`. Ask for smaller pages, fewer nested lists or fewer aliases, or split it into several requests.`,
              { cost: measured.cost, limit },
            );
          }
          const aliases = aliasCount(document);
          if (aliases > limits.maxAliases) {
            throw tooComplex(`This request uses ${aliases} aliases; the limit is ${limits.maxAliases}. Split it into several requests.`, { aliases, limit: limits.maxAliases });
          }
        },
      };
    },
  };
}

function tooComplex(message: string, details: Record<string, number>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', ...details, http: { status: 400 } } });
}
