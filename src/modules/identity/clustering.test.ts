import { describe, expect, it } from 'vitest';
import { clusterRecords, type ProposedLink } from './clustering';
import { DEFAULT_IDENTITY_RULES, type ScopedIdentifier } from './identity-rules';

const id = (type: ScopedIdentifier['type'], value: string, source = 'shop'): ScopedIdentifier => ({ type, value, source });

// One customer id per source: not a default (orders are records of their own), but the limit this file tests.
const RULES = { ...DEFAULT_IDENTITY_RULES, external_id: { ...DEFAULT_IDENTITY_RULES.external_id, maxPerSource: 1 } };

function cluster(identifiers: ScopedIdentifier[][], links: ProposedLink[], cannotLink: [number, number][] = []) {
  return clusterRecords({ recordCount: identifiers.length, identifiersOf: (record) => identifiers[record], rules: RULES, links, cannotLink });
}

describe('constrained clustering', () => {
  it('joins records transitively', () => {
    const result = cluster([[], [], [], []], [
      { left: 0, right: 1, rule: 'score', probability: 0.99 },
      { left: 1, right: 2, rule: 'identifier', identityType: 'email' },
    ]);
    expect([...result.clusterOf]).toEqual([0, 0, 0, 1]);
  });

  it('drops the lower-priority link when two customer ids of one source would share a profile, and says why', () => {
    // Record 2 shares an e-mail with record 0 and a national id with record 1; 0 and 1 are different shop customers.
    const result = cluster(
      [[id('external_id', 'shop:1')], [id('external_id', 'shop:2')], []],
      [
        { left: 0, right: 2, rule: 'identifier', identityType: 'email' },
        { left: 1, right: 2, rule: 'identifier', identityType: 'national_id' },
      ],
    );
    expect([...result.clusterOf]).toEqual([0, 1, 1]);
    expect(result.dropped).toEqual([
      { link: { left: 0, right: 2, rule: 'identifier', identityType: 'email' }, reason: "would give the profile 2 external_id values from source 'shop' (limit 1)" },
    ]);
  });

  it('lets customer ids of different sources share a profile', () => {
    const result = cluster([[id('external_id', 'shop:1', 'shop')], [id('external_id', 'pos:1', 'pos')]], [{ left: 0, right: 1, rule: 'score', probability: 0.99 }]);
    expect(result.dropped).toEqual([]);
    expect(result.clusterOf[0]).toBe(result.clusterOf[1]);
  });

  it('stops a profile from collecting more e-mails than its limit, weakest score first', () => {
    const emails = Array.from({ length: 7 }, (_, i) => [id('email', `p${i}@mail.com`)]);
    const links = Array.from({ length: 6 }, (_, i): ProposedLink => ({ left: 0, right: i + 1, rule: 'score', probability: 0.99 - i / 100 }));
    const result = cluster(emails, links);
    expect(new Set(result.clusterOf).size).toBe(3);
    expect(result.dropped.map(({ link }) => link.right)).toEqual([5, 6]);
    expect(result.dropped[0].reason).toBe('would give the profile 6 email values (limit 5)');
  });

  it('never joins a cannot-link pair, even through a third record', () => {
    const result = cluster([[], [], []], [
      { left: 0, right: 2, rule: 'score', probability: 0.99 },
      { left: 1, right: 2, rule: 'score', probability: 0.98 },
    ], [[0, 1]]);
    expect(result.clusterOf[0]).not.toBe(result.clusterOf[1]);
    expect(result.dropped).toEqual([{ link: { left: 1, right: 2, rule: 'score', probability: 0.98 }, reason: 'a cannot-link keeps these profiles apart' }]);
  });

  it('applies a manual merge before everything else and does not hold it to the limits', () => {
    const result = cluster(
      [[id('external_id', 'shop:1')], [id('external_id', 'shop:2')], []],
      [
        { left: 1, right: 2, rule: 'identifier', identityType: 'email' },
        { left: 0, right: 1, rule: 'must-link' },
      ],
    );
    expect([...result.clusterOf]).toEqual([0, 0, 0]);
    expect(result.accepted[0].rule).toBe('must-link');
  });
});
