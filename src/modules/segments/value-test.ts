/** The operators of a value condition, and a validated test of one value (a trait's, an event property's, a computed trait's). */
export const CONDITION_OPERATORS = ['EQ', 'NEQ', 'IN', 'CONTAINS', 'GT', 'GTE', 'LT', 'LTE', 'EXISTS'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export type ScalarValue = string | number | boolean;

export type ValueTest =
  | { key: string; op: 'EXISTS' }
  | { key: string; op: 'EQ' | 'NEQ'; value: ScalarValue }
  | { key: string; op: 'IN'; values: ScalarValue[] }
  | { key: string; op: 'CONTAINS'; value: string }
  | { key: string; op: 'GT' | 'GTE' | 'LT' | 'LTE'; value: string | number };
