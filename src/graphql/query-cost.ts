import { visit, type DocumentNode, type GraphQLOutputType, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/**
 * What a request costs before it runs (graphql-query-complexity walks the operation with its variables,
 * fragments and @skip/@include): an object field costs 1, a scalar 0, and a field with a `first` argument
 * multiplies everything below it by `first` (its default when omitted, the page-size maximum when null), so
 * nested lists multiply. Operations that read a whole store cost a fixed weight on top.
 */
export const OPERATION_WEIGHTS: Readonly<Record<string, number>> = {
  // Re-resolves up to 20,000 records in memory: two fit the default budget of 50,000, twenty never do.
  'Query.previewIdentityRules': 20_000,
  // Counts a definition over every live profile (about a second on a million): ten fit the default budget.
  'Query.previewSegment': 5_000,
};

function hubEstimator(maxPageSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const own = OPERATION_WEIGHTS[`${type.name}.${field.name}`] ?? (selectsFields(field.type) ? 1 : 0);
    if (!field.args.some((argument) => argument.name === 'first')) return own + childComplexity;
    // At least 1: a negative `first` (refused later, field by field) must not cancel out the cost of its siblings.
    const size = typeof args.first === 'number' ? Math.max(1, args.first) : maxPageSize;
    return own + size * childComplexity;
  };
}

/**
 * Whether a field's type (lists and non-nulls unwrapped) has fields of its own. Duck-typed rather than graphql's
 * isLeafType: the schema may come from another copy of graphql (CJS beside ESM under vitest), and graphql's
 * instanceof checks refuse objects of another copy.
 */
function selectsFields(type: GraphQLOutputType): boolean {
  let named: unknown = type;
  while (named && typeof named === 'object' && 'ofType' in named) named = (named as { ofType: unknown }).ofType;
  return typeof (named as { getFields?: unknown }).getFields === 'function';
}

export type QueryCost = { cost: number } | { tooManyNodes: true };

/**
 * The cost of the operation `operationName` of `document`. Throws graphql's own error when the variables do not
 * fit their types (execution refuses those before any resolver runs).
 */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined, maxPageSize: number): QueryCost {
  try {
    return { cost: getComplexity({ schema, query: document, variables, operationName, estimators: [hubEstimator(maxPageSize)] }) };
  } catch (error) {
    // The library stops walking past 10,000 evaluated fields: far beyond any legitimate request.
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) return { tooManyNodes: true };
    throw error;
  }
}

/** Aliased fields in the document, fragments included once each. */
export function aliasCount(document: DocumentNode): number {
  let aliases = 0;
  visit(document, {
    Field(node) {
      if (node.alias) aliases++;
    },
  });
  return aliases;
}
