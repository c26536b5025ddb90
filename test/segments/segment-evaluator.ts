import { NUMBER_PATTERN } from '../../src/modules/segments/segment-compiler';
import type { EventTest, Range, Segment, ValueTest } from '../../src/modules/segments/segment-definition';

/** A profile as the brute-force evaluator sees it: everything a segment can ask about, in memory. */
export interface ProfileFacts {
  id: string;
  merged: boolean;
  /** Trait key → the value as stored in value_text. */
  traits: Record<string, string>;
  /** Computed trait key → value_text. */
  computed: Record<string, string>;
  events: { type: string; occurredAt: Date; amountCents: number | null; properties: Record<string, string | number | boolean> }[];
  identityTypes: string[];
  sources: string[];
  /** `channel:purpose` → the holding consent status. */
  consents?: Record<string, string>;
}

const DAY_MS = 86_400_000;
const number = new RegExp(NUMBER_PATTERN);

/**
 * The meaning of a segment, written as plainly as possible and independently of the SQL compiler: what
 * the property tests hold the compiled statements to.
 */
export function evaluateSegment(segment: Segment, profile: ProfileFacts, now: Date): boolean {
  switch (segment.kind) {
    case 'all':
      return segment.conditions.every((condition) => evaluateSegment(condition, profile, now));
    case 'any':
      return segment.conditions.some((condition) => evaluateSegment(condition, profile, now));
    case 'not':
      return !evaluateSegment(segment.condition, profile, now);
    case 'trait':
      if (segment.matchesNone) return false;
      return segment.type === 'number' ? numberHolds(segment.test, profile.traits[segment.test.key]) : holds(segment.test, profile.traits[segment.test.key]);
    case 'event':
      return eventHolds(segment.test, profile, now);
    case 'identity':
      return profile.identityTypes.includes(segment.type);
    case 'source':
      return profile.sources.includes(segment.name);
    case 'computed':
      return holds(segment.test, profile.computed[segment.test.key]);
    case 'consent': {
      const status = profile.consents?.[`${segment.test.channel}:${segment.test.purpose}`];
      return status !== undefined && (segment.test.statuses as string[]).includes(status);
    }
  }
}

function holds(test: ValueTest, text: string | undefined): boolean {
  if (text === undefined) return false;
  const numeric = number.test(text) ? Number(text) : undefined;
  const equals = (value: string | number | boolean) => (typeof value === 'number' ? numeric === value : text === String(value));
  switch (test.op) {
    case 'EXISTS':
      return true;
    case 'EQ':
      return equals(test.value);
    case 'NEQ':
      return !equals(test.value);
    case 'IN':
      return test.values.map(String).includes(text);
    case 'CONTAINS':
      return text.toLowerCase().includes(test.value.toLowerCase());
    default: {
      const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
      if (typeof test.value === 'number' && numeric === undefined) return false;
      const order = typeof test.value === 'number' ? compare(numeric!, test.value) : compare(text, test.value);
      return { GT: order > 0, GTE: order >= 0, LT: order < 0, LTE: order <= 0 }[test.op];
    }
  }
}

/** A numeric key's test: by the number of the value, which a value that is no number does not have. */
function numberHolds(test: ValueTest, text: string | undefined): boolean {
  if (text === undefined) return false;
  const numeric = number.test(text) ? Number(text) : undefined;
  switch (test.op) {
    case 'EXISTS':
      return true;
    case 'EQ':
      return numeric === test.value;
    case 'NEQ':
      return numeric !== test.value;
    case 'IN':
      return numeric !== undefined && test.values.includes(numeric);
    case 'CONTAINS':
      throw new Error('CONTAINS on a numeric trait');
    default: {
      if (numeric === undefined) return false;
      const value = test.value as number;
      return { GT: numeric > value, GTE: numeric >= value, LT: numeric < value, LTE: numeric <= value }[test.op];
    }
  }
}

function eventHolds(test: EventTest, profile: ProfileFacts, now: Date): boolean {
  const matching = profile.events.filter(
    (event) =>
      event.type === test.type &&
      (test.withinDays === undefined || event.occurredAt.getTime() >= now.getTime() - test.withinDays * DAY_MS) &&
      (!test.from || event.occurredAt >= test.from) &&
      (!test.to || event.occurredAt < test.to) &&
      test.where.every((property) => holds(property, property.key in event.properties ? String(event.properties[property.key]) : undefined)),
  );
  const count = test.count ?? (test.sumAmount ? undefined : { gte: 1 });
  const cents = matching.reduce((sum, event) => sum + (event.amountCents ?? 0), 0);
  return within(matching.length, count) && within(cents / 100, test.sumAmount);
}

function within(value: number, range: Range | undefined): boolean {
  return !range || ((range.gte === undefined || value >= range.gte) && (range.lte === undefined || value <= range.lte));
}
