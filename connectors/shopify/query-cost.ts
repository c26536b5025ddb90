/**
 * Shopify's calculated query cost (shopify.dev, "API rate limits" → GraphQL Admin API): a scalar field costs 0, an
 * object 1, a connection 2 plus `first` times the cost of one of its nodes, where the node counts 1 and each object
 * nested in it counts again. A single query may not cost more than 1,000 points (MAX_COST_EXCEEDED), whatever the
 * bucket holds. Pure functions, shared by the connector (to size its pages) and its emulator (to charge them).
 */

export const SINGLE_QUERY_MAX_COST = 1000;
export const MAX_PAGE_SIZE = 250;

/**
 * The cost of one node of a selection set written as text: 1 for the node, 1 for every object selected inside it
 * (every `{` opens one). Arguments and fragments are not used in the hub's queries, so braces are selections.
 */
export function nodeCost(selection: string): number {
  return 1 + (selection.match(/{/g)?.length ?? 0);
}

/** What Shopify charges before running a connection of `first` nodes: 2 + first × node cost. */
export function connectionCost(first: number, costOfNode: number): number {
  return 2 + first * costOfNode;
}

/** The largest `first` whose connection stays within the single-query limit (and Shopify's 250). */
export function largestPage(costOfNode: number): number {
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor((SINGLE_QUERY_MAX_COST - 2) / costOfNode)));
}

/**
 * The node cost Shopify actually charged, read back from the `requestedQueryCost` it reported for a page of `first`:
 * when Shopify counts more than the hub's estimate (a field became an object in a new API version), the next page
 * shrinks to fit.
 */
export function chargedNodeCost(requestedQueryCost: unknown, first: number): number | undefined {
  if (typeof requestedQueryCost !== 'number' || first < 1) return undefined;
  return Math.ceil((requestedQueryCost - 2) / first);
}
