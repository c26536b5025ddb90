import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { isUnavailable } from '../errors/hub-error';
import { UNAVAILABLE_MESSAGE } from './format-error';

/** Seconds a client is asked to wait before retrying while the database is away (an embedded server restarts in a few). */
const RETRY_AFTER_SECONDS = '5';

/**
 * Answers HTTP 503 with Retry-After when any error of a response is `UNAVAILABLE` (the formatter has
 * mapped connection failures to that code): a load balancer and a client's retry policy both read the
 * status, not the body, and 500 would say the request itself was at fault.
 */
export const unavailablePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        if (!response.body.singleResult.errors?.some((error) => error.extensions?.code === 'UNAVAILABLE')) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', RETRY_AFTER_SECONDS);
      },
    };
  },
};

/** The error to throw where Apollo's formatter and plugins do not reach (the context function): 503 `UNAVAILABLE`. */
export function unavailableGraphQLError(error: unknown): GraphQLError | undefined {
  if (!isUnavailable(error)) return undefined;
  return new GraphQLError(UNAVAILABLE_MESSAGE, {
    extensions: { code: 'UNAVAILABLE', http: { status: 503, headers: new Map([['retry-after', RETRY_AFTER_SECONDS]]) } },
  });
}
