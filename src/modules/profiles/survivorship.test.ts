import { describe, expect, it } from 'vitest';
import { chooseCandidate, survivorshipSchema, type TraitCandidate } from './survivorship';

const at = (day: number) => new Date(Date.UTC(2026, 0, day));
const candidate = (value: TraitCandidate['value'], source: string, day: number, id = `srec_${source}_${day}`): TraitCandidate => ({ value, source, sourceRecordId: id, observedAt: at(day) });

describe('survivorship rules', () => {
  const offered = [candidate('Ann', 'pos', 1), candidate('Annabel', 'crm', 2), candidate('Anna', 'shop', 3), candidate('Ann', 'wechat', 4)];

  it('most_recent takes the latest observation', () => {
    expect(chooseCandidate(offered, { rule: 'most_recent' })).toMatchObject({ value: 'Ann', source: 'wechat' });
  });

  it('most_frequent takes the value most records agree on, credited to its latest record', () => {
    expect(chooseCandidate(offered, { rule: 'most_frequent' })).toMatchObject({ value: 'Ann', source: 'wechat' });
    expect(chooseCandidate([candidate('x', 'a', 1), candidate('y', 'b', 2)], { rule: 'most_frequent' })).toMatchObject({ value: 'y' });
  });

  it('longest takes the longest value, the latest on a tie', () => {
    expect(chooseCandidate(offered, { rule: 'longest' })).toMatchObject({ value: 'Annabel', source: 'crm' });
  });

  it('source_priority takes the first listed source that offers a value; unlisted sources come last', () => {
    expect(chooseCandidate(offered, { rule: 'source_priority', sources: ['shop', 'crm'] })).toMatchObject({ value: 'Anna', source: 'shop' });
    expect(chooseCandidate(offered, { rule: 'source_priority', sources: ['erp'] })).toMatchObject({ source: 'wechat' });
  });

  it('reads the configuration shorthand and refuses unknown rules with a message that lists the known ones', () => {
    expect(survivorshipSchema.parse({ default: 'longest', traits: { email: { rule: 'source_priority', sources: ['crm'] } } })).toEqual({
      default: { rule: 'longest' },
      traits: { email: { rule: 'source_priority', sources: ['crm'] } },
    });
    const refused = survivorshipSchema.safeParse({ traits: { email: 'oldest' } });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0].message).toBe("'oldest' is not a survivorship rule; use one of most_recent, most_frequent, longest, source_priority");
  });
});
