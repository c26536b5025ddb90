import { describe, expect, it } from 'vitest';
import { TraitTypes } from '../profiles';
import { MAX_SEGMENT_DEPTH, validateSegment, type SegmentConditionInput, type SegmentVocabulary } from './segment-definition';

const traitTypes = new TraitTypes(
  new Map([['member_card', { key: 'member_card', type: 'text', origin: 'connector', connectors: ['pos-file'] }]]),
  new Map([
    ['points', 'number'],
    ['city', 'text'],
  ]),
);
const vocabulary: SegmentVocabulary = { traitKeys: new Set(['city', 'points', 'member_card']), traitTypes, eventTypes: ['order', 'interaction'], identityTypes: ['email', 'phone'] };
const rejection = (input: unknown) => {
  try {
    validateSegment(input as SegmentConditionInput, vocabulary);
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error('the definition was accepted');
};

describe('segment definitions', () => {
  it('accept the combinators and leaves, and fill in what an event condition leaves out', () => {
    expect(validateSegment({ all: [{ event: { type: 'order', withinDays: 365 } }, { not: { trait: { key: 'city', op: 'EQ', value: 'Shanghai' } } }] }, vocabulary)).toEqual({
      kind: 'all',
      conditions: [
        { kind: 'event', test: { type: 'order', withinDays: 365, where: [] } },
        { kind: 'not', condition: { kind: 'trait', test: { key: 'city', op: 'EQ', value: 'Shanghai' }, type: 'text' } },
      ],
    });
  });

  it.each([
    [{ trait: { key: 'favourite_colour', op: 'EQ', value: 'red' } }, "definition.trait.key: unknown trait 'favourite_colour'; known traits: city, member_card, points"],
    [{ computed: { key: 'lifetime_value', op: 'GT', value: 5 } }, "definition.computed.key: unknown computed trait 'lifetime_value'; the computedTraitDefinitions query lists them"],
    [{ all: [] }, "definition.all: 'all' needs at least one condition"],
    [{ any: [{ trait: { key: 'city', op: 'IN', value: [] } }] }, 'definition.any[0].trait.value: IN needs a non-empty list of values'],
    [{ trait: { key: 'city', op: 'EQ', value: ['a', 'b'] } }, 'definition.trait.value: EQ compares with one value; use IN for a list'],
    [{ trait: { key: 'points', op: 'GT', value: true } }, 'definition.trait.value: GT compares numbers or text (dates as YYYY-MM-DD), not booleans'],
    [{ trait: { key: 'points', op: 'GT', value: { n: 1 } } }, 'definition.trait.value: expected a string, a finite number or a boolean'],
    [{ trait: { key: 'city', op: 'CONTAINS', value: 3 } }, 'definition.trait.value: CONTAINS needs a non-empty string'],
    [{ trait: { key: 'member_card', op: 'GTE', value: '10000' } }, "definition.trait.op: GTE does not apply: trait 'member_card' is text (declared by pos-file); use EXISTS, EQ, NEQ, IN, CONTAINS"],
    [{ trait: { key: 'city', op: 'LT', value: 'M' } }, "definition.trait.op: LT does not apply: trait 'city' is text (inferred from its values); use EXISTS, EQ, NEQ, IN, CONTAINS"],
    [{ trait: { key: 'points', op: 'GTE', value: 'lots' } }, 'definition.trait.value: trait \'points\' is a number (inferred from its values); GTE needs a number, not "lots"'],
    [{ trait: { key: 'points', op: 'IN', value: [5, 'five'] } }, 'definition.trait.value: trait \'points\' is a number (inferred from its values); IN needs a number, not "five"'],
    [{ trait: { key: 'points', op: 'CONTAINS', value: '5' } }, "definition.trait.op: CONTAINS does not apply: trait 'points' is a number (inferred from its values); use EXISTS, EQ, NEQ, IN, GT, GTE, LT, LTE"],
    [{ trait: { key: 'city', op: 'EXISTS', value: 'x' } }, 'definition.trait.value: EXISTS takes no value; wrap the condition in not for "has no such trait"'],
    [{ trait: { key: 'city', op: 'LIKE', value: 'x' } }, "definition.trait.op: unknown operator 'LIKE'; use one of EQ, NEQ, IN, CONTAINS, GT, GTE, LT, LTE, EXISTS"],
    [{ trait: { key: 'city', op: 'EQ' } }, 'definition.trait.value: EQ needs a value'],
    [{}, 'definition: a condition takes exactly one of all, any, not, trait, event, identity, source, computed, segment, consent; none was given'],
    [{ source: { name: 'shop' }, identity: { type: 'email' } }, 'definition: a condition takes exactly one of all, any, not, trait, event, identity, source, computed, segment, consent; identity and source were given'],
    [{ event: { type: 'purchase' } }, "definition.event.type: unknown event type 'purchase'; use one of order, interaction"],
    [{ event: { type: 'order', withinDays: 0 } }, 'definition.event.withinDays: withinDays must be a whole number from 1 to 36600'],
    [{ event: { type: 'order', count: { gte: 3, lte: 1 } } }, 'definition.event.count: gte must not be greater than lte'],
    [{ event: { type: 'order', count: { gte: 1.5 } } }, 'definition.event.count.gte: a count bound must be a whole number, 0 or more'],
    [{ event: { type: 'order', count: {} } }, 'definition.event.count: a range needs gte, lte or both'],
    [{ event: { type: 'order', between: { from: 'yesterday' } } }, 'definition.event.between.from: expected an ISO 8601 date-time'],
    [{ event: { type: 'order', between: { from: '2026-02-01', to: '2026-01-01' } } }, 'definition.event.between: from must be before to (from is inclusive, to exclusive)'],
    [{ identity: { type: 'fax' } }, "definition.identity.type: unknown identity type 'fax'; use one of email, phone"],
    [{ source: { name: '' } }, 'definition.source.name: expected a non-empty string'],
  ])('reject %j with a message that names the path and the fix', (input, message) => {
    expect(rejection(input)).toEqual({ code: 'BAD_USER_INPUT', message });
  });

  it('compare a numeric key as numbers whatever JSON type the value has, and a text key as text', () => {
    expect(validateSegment({ trait: { key: 'points', op: 'GTE', value: '10000' } }, vocabulary)).toEqual({ kind: 'trait', test: { key: 'points', op: 'GTE', value: 10000 }, type: 'number' });
    expect(validateSegment({ trait: { key: 'points', op: 'IN', value: ['5', 7.5] } }, vocabulary)).toEqual({ kind: 'trait', test: { key: 'points', op: 'IN', values: [5, 7.5] }, type: 'number' });
    // A member number is text: 123 asks for "123", which "00123" is not.
    expect(validateSegment({ trait: { key: 'member_card', op: 'EQ', value: 123 } }, vocabulary)).toEqual({ kind: 'trait', test: { key: 'member_card', op: 'EQ', value: '123' }, type: 'text' });
  });

  it('keep a saved definition whose comparison no longer fits its key, matching no one on it', () => {
    const saved = { ...vocabulary, traitKeys: 'any' as const };
    expect(validateSegment({ trait: { key: 'member_card', op: 'GTE', value: '10000' } }, saved)).toEqual({
      kind: 'trait',
      test: { key: 'member_card', op: 'GTE', value: '10000' },
      type: 'text',
      matchesNone: true,
    });
  });

  it('reject a definition nested deeper than the limit, and one with too many conditions', () => {
    let deep: SegmentConditionInput = { source: { name: 'shop' } };
    for (let level = 0; level < MAX_SEGMENT_DEPTH; level++) deep = { not: deep };
    expect(rejection(deep).message).toMatch(/nests deeper than 8 levels/);
    const wide = { any: Array.from({ length: 250 }, () => ({ source: { name: 'shop' } })) };
    expect(rejection(wide).message).toMatch(/more than 200 conditions/);
  });
});
