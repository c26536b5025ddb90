import type { ProposedLink } from './clustering';
import type { CandidatePairs } from './candidate-pairs';
import { decide } from './fellegi-sunter';
import { type IdentityRules } from './identity-rules';
import { IDENTITY_TYPES, type IdentityType } from '../../../connectors/sdk/records';
import type { PersonEvidence } from './person-conflicts';
import { GENERIC_PEOPLE, tellHoldersApart } from './value-holders';
import type { RecordColumns } from './record-columns';

/** How many people hold each identifier value, by type and value index (0 for values only one record holds). */
export type ValuePeople = Record<IdentityType, Int32Array>;

/**
 * Links of records sharing an identifier of a type that links on equality, and how many people hold each
 * shared value. The holders of a value are told apart by their evidence (value-holders.ts): a value of one
 * person chains its holders, each to the first (k records give k-1 links, not k(k-1)/2); a value two people
 * share (a household's phone) links each holder only to the holders of the one person its evidence fits; a
 * generic value links nothing. `knownPeople` says how many people hold a value beyond these records (a store
 * re-resolving some of its profiles): a value is as generic as the more of the two says.
 */
export function identifierLinks(
  columns: RecordColumns,
  rules: IdentityRules,
  evidenceOf: (record: number) => PersonEvidence | undefined,
  idOf: (record: number) => string,
  knownPeople: (type: IdentityType, value: string) => number = () => 0,
): { links: ProposedLink[]; people: ValuePeople } {
  const links: ProposedLink[] = [];
  const people = Object.fromEntries(IDENTITY_TYPES.map((type) => [type, new Int32Array(columns.identifiers[type].values.length)])) as ValuePeople;
  // Records by id, once: holders are ordered by it in every value, as numbers.
  const rank = idRanks(columns.count, idOf);
  const byId = (a: number, b: number) => rank[a] - rank[b];
  for (const type of IDENTITY_TYPES) {
    const { values } = columns.identifiers[type];
    const holders = holdersByValue(columns.identifiers[type].ids, values.length);
    const linking = rules[type].linkOn === 'equal';
    // Values (by their first holder's id, then by text) and each value's holders (by id) in an order of their own,
    // not the input's: telling holders apart and the order links are tried in then give the same profiles however
    // records arrive. Ranks rather than id strings, as this runs once per shared value.
    const shared: number[] = [];
    const firstRank = new Int32Array(values.length);
    for (let value = 0; value < values.length; value++) {
      if (holders.offsets[value + 1] - holders.offsets[value] < 2) continue;
      shared.push(value);
      let first = Number.MAX_SAFE_INTEGER;
      for (let h = holders.offsets[value]; h < holders.offsets[value + 1]; h++) first = Math.min(first, rank[holders.records[h]]);
      firstRank[value] = first;
    }
    shared.sort((a, b) => firstRank[a] - firstRank[b] || (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0));
    for (const value of shared) {
      const records = Array.from(holders.records.subarray(holders.offsets[value], holders.offsets[value + 1])).sort(byId);
      const told = tellHoldersApart(records, evidenceOf);
      const holderPeople = Math.max(told.people, knownPeople(type, values[value]));
      people[type][value] = Math.min(holderPeople, 0x7fffffff);
      if (!linking || holderPeople >= GENERIC_PEOPLE) continue;
      const firstOfGroup = new Map<number, number>();
      records.forEach((record, holder) => {
        const group = told.groupOf[holder];
        if (group < 0) return;
        const first = firstOfGroup.get(group);
        if (first === undefined) firstOfGroup.set(group, record);
        else links.push({ left: first, right: record, rule: 'identifier', identityType: type });
      });
    }
  }
  return { links, people };
}

/** Each record's position among all records ordered by id. */
function idRanks(count: number, idOf: (record: number) => string): Int32Array {
  const order = Array.from({ length: count }, (_, record) => record);
  const ids = order.map(idOf);
  order.sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const rank = new Int32Array(count);
  order.forEach((record, position) => (rank[record] = position));
  return rank;
}

/** The records holding each value, grouped by value in record order (a counting sort of the value column). */
function holdersByValue(ids: Int32Array, values: number): { offsets: Int32Array; records: Int32Array } {
  const offsets = new Int32Array(values + 1);
  for (const id of ids) if (id >= 0) offsets[id + 1]++;
  for (let value = 0; value < values; value++) offsets[value + 1] += offsets[value];
  const records = new Int32Array(offsets[values]);
  const next = offsets.slice(0, values);
  for (let record = 0; record < ids.length; record++) if (ids[record] >= 0) records[next[ids[record]]++] = record;
  return { offsets, records };
}

/** What scoredLinks asks of each candidate pair. */
export interface PairVerdicts {
  probability(pair: number): number;
  /** False when the records conflict (person-conflicts.ts): two people, however much they share. */
  withoutConflict(pair: number): boolean;
  /** False when a person reviewing the pair would have one kind of evidence only (corroboration.ts). */
  corroborated(pair: number): boolean;
}

/**
 * Candidate pairs at or above the link threshold become links, those between the thresholds review candidates
 * when corroborated; pairs whose records conflict are neither.
 */
export function scoredLinks(pairs: CandidatePairs, verdicts: PairVerdicts, thresholds: { link: number; review: number }): { links: ProposedLink[]; reviewCandidates: ProposedLink[] } {
  const links: ProposedLink[] = [];
  const reviewCandidates: ProposedLink[] = [];
  for (let pair = 0; pair < pairs.left.length; pair++) {
    const probability = verdicts.probability(pair);
    if (probability < thresholds.review || !verdicts.withoutConflict(pair)) continue;
    const link: ProposedLink = { left: pairs.left[pair], right: pairs.right[pair], rule: 'score', probability };
    if (decide(probability, thresholds) === 'link') links.push(link);
    else if (verdicts.corroborated(pair)) reviewCandidates.push(link);
  }
  return { links, reviewCandidates };
}
