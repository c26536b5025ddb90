import { CONSENT_CHANNELS, CONSENT_PURPOSE_PATTERN, CONSENT_STATUSES, type ConsentChannel, type ConsentStatus } from '../../../connectors/sdk/records';
import { HubError } from '../../errors/hub-error';
import { computedTraitDefinition } from '../computed-traits';
import type { TraitDefinition } from '../profiles';
import { fitTraitTest } from './trait-condition';
import { CONDITION_OPERATORS, type ConditionOperator, type ScalarValue, type ValueTest } from './value-test';

export { CONDITION_OPERATORS, type ConditionOperator, type ValueTest };

/**
 * The segment DSL as clients send it (GraphQL input, or the JSON a saved segment keeps): a tree of
 * conditions, each naming exactly one combinator or leaf. Absent and null fields are the same.
 */
export interface SegmentConditionInput {
  all?: SegmentConditionInput[] | null;
  any?: SegmentConditionInput[] | null;
  not?: SegmentConditionInput | null;
  trait?: ValueConditionInput | null;
  event?: EventConditionInput | null;
  identity?: { type: string } | null;
  source?: { name: string } | null;
  computed?: ValueConditionInput | null;
  segment?: { id: string } | null;
  consent?: ConsentConditionInput | null;
}

/** Profiles whose holding consent for (channel, purpose) has one of the statuses; channel and status are case-insensitive. */
export interface ConsentConditionInput {
  channel: string;
  purpose: string;
  status?: string | null;
  statuses?: string[] | null;
}


/** A test of one value: a trait's, or an event property's. */
export interface ValueConditionInput {
  key: string;
  op: ConditionOperator;
  value?: unknown;
}

export interface RangeInput {
  gte?: number | null;
  lte?: number | null;
}

export interface EventConditionInput {
  type: string;
  withinDays?: number | null;
  between?: { from?: Date | string | null; to?: Date | string | null } | null;
  where?: ValueConditionInput[] | null;
  count?: RangeInput | null;
  sumAmount?: RangeInput | null;
}

/** A definition that passed validation: what the compiler and the evaluators take. */
export type Segment =
  | { kind: 'all'; conditions: Segment[] }
  | { kind: 'any'; conditions: Segment[] }
  | { kind: 'not'; condition: Segment }
  /** `type` is the key's: a numeric key compares numbers. `matchesNone`: a definition saved earlier whose test no longer fits the key's type. */
  | { kind: 'trait'; test: ValueTest; type: TraitDefinition['type']; matchesNone?: true }
  | { kind: 'event'; test: EventTest }
  | { kind: 'identity'; type: string }
  | { kind: 'source'; name: string }
  | { kind: 'computed'; test: ValueTest }
  | { kind: 'consent'; test: ConsentTest };

/** The holding consent for (channel, purpose) has one of `statuses`. A profile with no statement for it has none (wrap in not for "no grant"). */
export interface ConsentTest {
  channel: ConsentChannel;
  purpose: string;
  statuses: ConsentStatus[];
}


export interface Range {
  gte?: number;
  lte?: number;
}

export interface EventTest {
  type: string;
  withinDays?: number;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  where: ValueTest[];
  /** How many matching events the profile has; when neither range is given, at least one. */
  count?: Range;
  /** The sum of their amounts (events without an amount add 0). */
  sumAmount?: Range;
}

export interface SegmentVocabulary {
  /** Trait keys a condition may name; 'any' for a definition saved earlier, whose traits may since have gone. */
  traitKeys: ReadonlySet<string> | 'any';
  /** Each trait key's type and where it comes from (the trait registry). */
  traitTypes: { definitionOf(key: string): TraitDefinition };
  eventTypes: readonly string[];
  identityTypes: readonly string[];
  /** Saved segments' definitions by id, for `segment` conditions (which stand for the definition they name). */
  savedSegments?: ReadonlyMap<string, SegmentConditionInput>;
}

export const MAX_SEGMENT_DEPTH = 8;
export const MAX_SEGMENT_CONDITIONS = 200;
const MAX_IN_VALUES = 1000;
const MAX_TEXT_LENGTH = 1000;
const MAX_WITHIN_DAYS = 36_600;
const COMBINATORS = ['all', 'any', 'not', 'trait', 'event', 'identity', 'source', 'computed', 'segment', 'consent'] as const;

/**
 * Checks a definition against the DSL and the store's vocabulary and returns it in the compiler's form.
 * Every error names the path of the offending condition and what to do instead (BAD_USER_INPUT).
 * A `segment` condition is replaced by the definition of the segment it names, as saved now: its members
 * then follow every profile change and every refresh exactly as the named segment's do, with no order
 * between segments to keep. `self` is the id of the segment being defined, which nothing may lead back to.
 */
export function validateSegment(input: SegmentConditionInput, vocabulary: SegmentVocabulary, self?: string): Segment {
  let conditions = 0;
  const fail = (path: string, message: string): never => {
    throw new HubError('BAD_USER_INPUT', `${path}: ${message}`, { path });
  };

  const condition = (node: SegmentConditionInput | null | undefined, path: string, depth: number, expanding: readonly string[] = self ? [self] : []): Segment => {
    if (depth > MAX_SEGMENT_DEPTH) fail(path, `the definition nests deeper than ${MAX_SEGMENT_DEPTH} levels; flatten it (all/any take lists)`);
    if (++conditions > MAX_SEGMENT_CONDITIONS) fail(path, `the definition has more than ${MAX_SEGMENT_CONDITIONS} conditions`);
    if (node === null || typeof node !== 'object') return fail(path, 'expected a condition object');
    const given = COMBINATORS.filter((name) => node[name] !== undefined && node[name] !== null);
    if (given.length !== 1) {
      fail(path, `a condition takes exactly one of ${COMBINATORS.join(', ')}; ${given.length === 0 ? 'none was' : `${given.join(' and ')} were`} given`);
    }
    const [kind] = given;
    switch (kind) {
      case 'all':
      case 'any': {
        const list = node[kind]!;
        if (!Array.isArray(list) || list.length === 0) fail(`${path}.${kind}`, `'${kind}' needs at least one condition`);
        return { kind, conditions: list.map((child, index) => condition(child, `${path}.${kind}[${index}]`, depth + 1, expanding)) };
      }
      case 'not':
        return { kind, condition: condition(node.not, `${path}.not`, depth + 1, expanding) };
      case 'segment': {
        const id = text(node.segment!.id, `${path}.segment.id`, fail);
        if (expanding.includes(id)) fail(`${path}.segment.id`, `segment ${id} leads back to itself (${[...expanding, id].join(' → ')}); a segment cannot contain itself`);
        const named = vocabulary.savedSegments?.get(id);
        if (!named) return fail(`${path}.segment.id`, `no saved segment ${id}; the segments query lists them`);
        return condition(named, `${path}.segment(${id})`, depth + 1, [...expanding, id]);
      }
      case 'trait': {
        const test = valueTest(node.trait!, `${path}.trait`, fail);
        if (vocabulary.traitKeys !== 'any' && !vocabulary.traitKeys.has(test.key)) {
          fail(`${path}.trait.key`, `unknown trait '${test.key}'; known traits: ${[...vocabulary.traitKeys].sort().join(', ')}`);
        }
        const definition = vocabulary.traitTypes.definitionOf(test.key);
        const fitted = fitTraitTest(test, definition);
        if (!('misfit' in fitted)) return { kind, test: fitted, type: definition.type };
        // A saved definition stays usable when a key's type changed under it (its test then matches no one).
        if (vocabulary.traitKeys === 'any') return { kind, test, type: definition.type, matchesNone: true };
        return fail(`${path}.trait.${fitted.field}`, fitted.misfit);
      }
      case 'event':
        return { kind, test: eventTest(node.event!, `${path}.event`, vocabulary, fail) };
      case 'identity': {
        const type = node.identity!.type;
        if (!vocabulary.identityTypes.includes(type)) fail(`${path}.identity.type`, `unknown identity type '${String(type)}'; use one of ${vocabulary.identityTypes.join(', ')}`);
        return { kind, type };
      }
      case 'computed': {
        const test = valueTest(node.computed!, `${path}.computed`, fail);
        if (!computedTraitDefinition(test.key)) fail(`${path}.computed.key`, `unknown computed trait '${test.key}'; the computedTraitDefinitions query lists them`);
        return { kind, test };
      }
      case 'consent':
        return { kind, test: consentTest(node.consent!, `${path}.consent`, fail) };
      default:
        return { kind: 'source', name: text(node.source!.name, `${path}.source.name`, fail) };
    }
  };
  return condition(input, 'definition', 1);
}

type Fail = (path: string, message: string) => never;

function valueTest(input: ValueConditionInput, path: string, fail: Fail): ValueTest {
  const key = text(input.key, `${path}.key`, fail);
  const { op, value } = input;
  if (!(CONDITION_OPERATORS as readonly string[]).includes(op)) fail(`${path}.op`, `unknown operator '${String(op)}'; use one of ${CONDITION_OPERATORS.join(', ')}`);
  const hasValue = value !== undefined && value !== null;
  if (op === 'EXISTS') {
    if (hasValue) fail(`${path}.value`, 'EXISTS takes no value; wrap the condition in not for "has no such trait"');
    return { key, op };
  }
  if (!hasValue) return fail(`${path}.value`, `${op} needs a value`);
  if (op === 'IN') {
    if (!Array.isArray(value) || value.length === 0) fail(`${path}.value`, 'IN needs a non-empty list of values');
    if ((value as unknown[]).length > MAX_IN_VALUES) fail(`${path}.value`, `IN takes at most ${MAX_IN_VALUES} values`);
    return { key, op, values: (value as unknown[]).map((item, index) => scalar(item, `${path}.value[${index}]`, fail)) };
  }
  if (Array.isArray(value)) return fail(`${path}.value`, `${op} compares with one value; use IN for a list`);
  const single = scalar(value, `${path}.value`, fail);
  if (op === 'CONTAINS') {
    if (typeof single !== 'string' || single === '') fail(`${path}.value`, 'CONTAINS needs a non-empty string');
    return { key, op, value: single as string };
  }
  if (op === 'EQ' || op === 'NEQ') return { key, op, value: single };
  if (typeof single === 'boolean') return fail(`${path}.value`, `${op} compares numbers or text (dates as YYYY-MM-DD), not booleans`);
  return { key, op, value: single };
}

function consentTest(input: ConsentConditionInput, path: string, fail: Fail): ConsentTest {
  const channel = typeof input.channel === 'string' ? input.channel.toLowerCase() : '';
  if (!(CONSENT_CHANNELS as readonly string[]).includes(channel)) fail(`${path}.channel`, `unknown consent channel '${String(input.channel).slice(0, 40)}'; use one of ${CONSENT_CHANNELS.join(', ')}`);
  const purpose = text(input.purpose, `${path}.purpose`, fail);
  if (!CONSENT_PURPOSE_PATTERN.test(purpose)) fail(`${path}.purpose`, 'a purpose is lower-case letters, digits and _ (e.g. marketing), at most 40');
  const given = [...(input.status !== undefined && input.status !== null ? [input.status] : []), ...(input.statuses ?? [])];
  if (given.length === 0) fail(path, 'a consent condition needs status or statuses');
  const statuses = given.map((status, index) => {
    const value = typeof status === 'string' ? status.toLowerCase() : '';
    if (!(CONSENT_STATUSES as readonly string[]).includes(value)) fail(`${path}.statuses[${index}]`, `unknown consent status '${String(status).slice(0, 40)}'; use one of ${CONSENT_STATUSES.join(', ')}`);
    return value as ConsentStatus;
  });
  return { channel: channel as ConsentChannel, purpose, statuses: [...new Set(statuses)] };
}

function eventTest(input: EventConditionInput, path: string, vocabulary: SegmentVocabulary, fail: Fail): EventTest {
  if (!vocabulary.eventTypes.includes(input.type)) fail(`${path}.type`, `unknown event type '${String(input.type)}'; use one of ${vocabulary.eventTypes.join(', ')}`);
  const test: EventTest = { type: input.type, where: (input.where ?? []).map((property, index) => valueTest(property, `${path}.where[${index}]`, fail)) };
  if (input.withinDays !== undefined && input.withinDays !== null) {
    if (!Number.isInteger(input.withinDays) || input.withinDays < 1 || input.withinDays > MAX_WITHIN_DAYS) fail(`${path}.withinDays`, `withinDays must be a whole number from 1 to ${MAX_WITHIN_DAYS}`);
    test.withinDays = input.withinDays;
  }
  if (input.between) {
    const from = instant(input.between.from, `${path}.between.from`, fail);
    const to = instant(input.between.to, `${path}.between.to`, fail);
    if (!from && !to) fail(`${path}.between`, 'between needs from, to or both');
    if (from && to && from >= to) fail(`${path}.between`, 'from must be before to (from is inclusive, to exclusive)');
    Object.assign(test, from && { from }, to && { to });
  }
  const count = range(input.count, `${path}.count`, true, fail);
  const sumAmount = range(input.sumAmount, `${path}.sumAmount`, false, fail);
  return { ...test, ...(count && { count }), ...(sumAmount && { sumAmount }) };
}

function range(input: RangeInput | null | undefined, path: string, wholeNumbers: boolean, fail: Fail): Range | undefined {
  if (input === undefined || input === null) return undefined;
  const result: Range = {};
  for (const bound of ['gte', 'lte'] as const) {
    const value = input[bound];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || (wholeNumbers && (!Number.isInteger(value) || value < 0))) {
      fail(`${path}.${bound}`, wholeNumbers ? 'a count bound must be a whole number, 0 or more' : 'an amount bound must be a finite number');
    }
    result[bound] = value;
  }
  if (result.gte === undefined && result.lte === undefined) fail(path, 'a range needs gte, lte or both');
  if (result.gte !== undefined && result.lte !== undefined && result.gte > result.lte) fail(path, 'gte must not be greater than lte');
  return result;
}

function scalar(value: unknown, path: string, fail: Fail): ScalarValue {
  if (typeof value === 'string') return text(value, path, fail, true);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return fail(path, 'expected a string, a finite number or a boolean');
}

function text(value: unknown, path: string, fail: Fail, emptyAllowed = false): string {
  if (typeof value !== 'string' || (!emptyAllowed && value === '')) return fail(path, 'expected a non-empty string');
  if (value.length > MAX_TEXT_LENGTH) fail(path, `at most ${MAX_TEXT_LENGTH} characters`);
  return value;
}

function instant(value: Date | string | null | undefined, path: string, fail: Fail): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) fail(path, 'expected an ISO 8601 date-time');
  return date;
}

/** The ids of the saved segments a definition names directly in `segment` conditions. */
export function namedSegmentIds(input: SegmentConditionInput | null | undefined): string[] {
  if (!input || typeof input !== 'object') return [];
  const children = [...(input.all ?? []), ...(input.any ?? []), ...(input.not ? [input.not] : [])];
  return [...new Set([...(typeof input.segment?.id === 'string' ? [input.segment.id] : []), ...children.flatMap(namedSegmentIds)])];
}

/** Whether the segment counts days back from now, so that time alone moves profiles in or out. */
export function isTimeRelative(segment: Segment): boolean {
  switch (segment.kind) {
    case 'all':
    case 'any':
      return segment.conditions.some(isTimeRelative);
    case 'not':
      return isTimeRelative(segment.condition);
    case 'event':
      return segment.test.withinDays !== undefined;
    default:
      return false;
  }
}

/** What a segment's membership depends on: data derived from source records, computed traits, or both. */
export interface SegmentInputs {
  records: boolean;
  computed: boolean;
}

export function inputsOf(segment: Segment): SegmentInputs {
  switch (segment.kind) {
    case 'all':
    case 'any':
      return segment.conditions.map(inputsOf).reduce((a, b) => ({ records: a.records || b.records, computed: a.computed || b.computed }), { records: false, computed: false });
    case 'not':
      return inputsOf(segment.condition);
    case 'computed':
      return { records: false, computed: true };
    default:
      return { records: true, computed: false };
  }
}
