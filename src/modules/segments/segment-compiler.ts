import type { EventTest, Range, Segment, ValueTest } from './segment-definition';

export interface CompiledSegment {
  /** A boolean SQL expression over the profiles row `p`; every value in it is a $n parameter. */
  where: string;
  params: unknown[];
}

const DAY_MS = 86_400_000;
// What counts as a number in an event property or a computed trait stored as text ("5", "-2.50"): the same
// pattern the brute-force evaluator of the tests uses. Text that does not match never satisfies a numeric test.
// Traits do not need it: a numeric key's values carry their number in value_number.
export const NUMBER_PATTERN = '^-?[0-9]+(\\.[0-9]+)?$';

/**
 * How the statement will use the expression. `population`: over all profiles (counts, whole evaluations);
 * each leaf is a membership test `p.id [not] in (subquery)`, which PostgreSQL runs as one hashed subplan or
 * semi-join for all profiles. `profiles`: over a few given profiles (a profile change); each leaf probes the
 * profile's own rows through their profile_id indexes, instead of building a hash of every profile that
 * has, say, a city.
 */
export type CompiledShape = 'population' | 'profiles';

/**
 * Compiles a validated segment to SQL. No value of the definition is ever written into the SQL text:
 * keys, values, types and names are parameters, and only the shape of the tree (and, or, not) is text.
 * `now` fixes what "within N days" means. Parameters are appended to `params`, so several segments can
 * share one statement.
 */
export function compileSegment(segment: Segment, now: Date, params: unknown[] = [], shape: CompiledShape = 'population'): CompiledSegment {
  const perProfile = shape === 'profiles';
  // The rows of `table` (alias `alias`) that belong to the profile at hand and pass `filter`.
  const belonging = (table: string, alias: string, filter: string) =>
    perProfile ? `exists (select 1 from ${table} ${alias} where ${alias}.profile_id = p.id and ${filter})` : `p.id in (select ${alias}.profile_id from ${table} ${alias} where ${filter})`;
  const param = (value: unknown, cast: string) => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };

  const valueSql = (test: ValueTest, text: string): string => {
    const numeric = `(case when ${text} ~ '${NUMBER_PATTERN}' then (${text})::numeric end)`;
    const equals = (value: string | number | boolean) => (typeof value === 'number' ? `${numeric} = ${param(value, 'numeric')}` : `${text} = ${param(String(value), 'text')}`);
    switch (test.op) {
      case 'EXISTS':
        return `${text} is not null`;
      case 'EQ':
        return equals(test.value);
      case 'NEQ':
        return `${text} is not null and not coalesce(${equals(test.value)}, false)`;
      case 'IN':
        return `${text} = any(${param(test.values.map(String), 'text[]')})`;
      case 'CONTAINS':
        return `strpos(lower(${text}), lower(${param(test.value, 'text')})) > 0`;
      default: {
        const operator = { GT: '>', GTE: '>=', LT: '<', LTE: '<=' }[test.op];
        // Text compares by code point ("2026-03-01" < "2026-11-02"), whatever the database's collation.
        return typeof test.value === 'number' ? `${numeric} ${operator} ${param(test.value, 'numeric')}` : `${text} collate "C" ${operator} ${param(test.value, 'text')} collate "C"`;
      }
    }
  };

  // A numeric key's values compare by value_number (a range on the traits (key, value_number) index); the other
  // types by value_text, as written. The test was fitted to the key's type when the definition was validated.
  const numberSql = (test: ValueTest): string => {
    const number = 't.value_number';
    switch (test.op) {
      case 'EXISTS':
        return 't.value_text is not null';
      case 'EQ':
        return `${number} = ${param(test.value, 'numeric')}`;
      case 'NEQ':
        return `t.value_text is not null and ${number} is distinct from ${param(test.value, 'numeric')}`;
      case 'IN':
        return `${number} = any(${param(test.values, 'numeric[]')})`;
      case 'CONTAINS':
        throw new Error('CONTAINS on a numeric trait passed validation');
      default:
        return `${number} ${{ GT: '>', GTE: '>=', LT: '<', LTE: '<=' }[test.op]} ${param(test.value, 'numeric')}`;
    }
  };
  const traitSql = (node: Extract<Segment, { kind: 'trait' }>): string => {
    if (node.matchesNone) return 'false';
    const test = node.test;
    const values = node.type === 'number' ? numberSql(test) : valueSql(test, 't.value_text');
    return belonging('traits', 't', `t.key = ${param(test.key, 'text')} and ${values}`);
  };

  const eventSql = (test: EventTest): string => {
    const filters = [`e.type = ${param(test.type, 'text')}`];
    if (test.withinDays !== undefined) filters.push(`e.occurred_at >= ${param(new Date(now.getTime() - test.withinDays * DAY_MS), 'timestamptz')}`);
    if (test.from) filters.push(`e.occurred_at >= ${param(test.from, 'timestamptz')}`);
    if (test.to) filters.push(`e.occurred_at < ${param(test.to, 'timestamptz')}`);
    for (const property of test.where) filters.push(valueSql(property, `(e.properties ->> ${param(property.key, 'text')})`));
    const count = test.count ?? (test.sumAmount ? undefined : { gte: 1 });
    if (count && count.gte === 1 && count.lte === undefined && !test.sumAmount) return belonging('events', 'e', filters.join(' and '));
    const holds = [rangeSql('count(*)', count, param), rangeSql('coalesce(sum(e.amount), 0)', test.sumAmount, param)].filter(Boolean).join(' and ');
    // Aggregates over no rows still give one row (count 0, sum 0): a profile without events is judged too.
    if (perProfile) return `(select ${holds} from events e where e.profile_id = p.id and ${filters.join(' and ')})`;
    const events = `select e.profile_id from events e where ${filters.join(' and ')}`;
    // A profile without matching events has no group: it is in the segment exactly when zero events
    // (count 0, sum 0) satisfy the ranges, so then the test excludes the profiles whose groups fail.
    return satisfiedByNone(count, test.sumAmount)
      ? `p.id not in (${events} group by e.profile_id having not (${holds}))`
      : `p.id in (${events} group by e.profile_id having ${holds})`;
  };

  const conditionSql = (node: Segment): string => {
    switch (node.kind) {
      case 'all':
        return `(${node.conditions.map(conditionSql).join(' and ')})`;
      case 'any':
        return `(${node.conditions.map(conditionSql).join(' or ')})`;
      case 'not':
        return `not (${conditionSql(node.condition)})`;
      case 'trait':
        return traitSql(node);
      case 'event':
        return eventSql(node.test);
      case 'identity':
        return belonging('identities', 'i', `i.type = ${param(node.type, 'text')}`);
      case 'source':
        return belonging('source_records', 's', `s.source = ${param(node.name, 'text')}`);
      case 'computed':
        return belonging('computed_traits', 'c', `c.key = ${param(node.test.key, 'text')} and ${valueSql(node.test, 'c.value_text')}`);
      case 'consent':
        return belonging(
          'consents',
          'k',
          `k.current and k.channel = ${param(node.test.channel, 'text')} and k.purpose = ${param(node.test.purpose, 'text')} and k.status = any(${param(node.test.statuses, 'text[]')})`,
        );
    }
  };

  return { where: conditionSql(segment), params };
}

function rangeSql(expression: string, range: Range | undefined, param: (value: unknown, cast: string) => string): string {
  if (!range) return '';
  const bounds = [];
  if (range.gte !== undefined) bounds.push(`${expression} >= ${param(range.gte, 'numeric')}`);
  if (range.lte !== undefined) bounds.push(`${expression} <= ${param(range.lte, 'numeric')}`);
  return bounds.join(' and ');
}

/** Whether a profile with no matching events (count 0, amount 0) satisfies both ranges. */
function satisfiedByNone(count: Range | undefined, sumAmount: Range | undefined): boolean {
  const holds = (range: Range | undefined) => !range || ((range.gte === undefined || range.gte <= 0) && (range.lte === undefined || range.lte >= 0));
  return holds(count) && holds(sumAmount);
}
