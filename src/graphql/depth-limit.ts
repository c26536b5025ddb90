import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Rejects queries nested deeper than `maxDepth`. Apollo relabels every validation error as
 * GRAPHQL_VALIDATION_FAILED, so the rule tags its error and the formatter restores QUERY_TOO_DEEP.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return maxDepthRule({
    n: maxDepth,
    ignoreIntrospection: true,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context, error) => {
        context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { hubCode: 'QUERY_TOO_DEEP' } }));
      },
    ],
  }) as unknown as ValidationRule;
}
