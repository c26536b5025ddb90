import { conflictBetween, type PersonEvidence } from './person-conflicts';

/**
 * A value held by the records of this many different people is generic (an agency's info@, a shop's front-desk
 * phone, a family's shared e-mail): it links nothing on its own, and agreeing on it weighs less.
 */
export const GENERIC_PEOPLE = 3;

/** Beyond this many holders a value is taken as generic without telling them apart: no person has that many records of one value in a block. */
const MAX_HOLDERS_TOLD_APART = 200;

/** The holders of one shared value, told apart into the people their evidence says they are. */
export interface HolderPeople {
  /** How many different people hold the value: 1 when no two holders conflict. */
  people: number;
  /**
   * For each holder, in the order given, the person (group) it belongs to, or -1 when its evidence fits more
   * than one of them (a record of a phone alone, where two people share the phone): it cannot tell whose it is.
   */
  groupOf: Int32Array;
}

/**
 * Groups the holders greedily in the order given: each holder with evidence joins the first group none of whose
 * members it conflicts with, or starts one; holders without evidence join no group. Then each holder is the
 * group's it fits, if it fits exactly one. Splink scales a value's weight by its frequency; here frequency is
 * counted in people rather than records, as one person's ten records of a phone do not make it common.
 */
export function tellHoldersApart(holders: readonly number[], evidenceOf: (record: number) => PersonEvidence | undefined): HolderPeople {
  if (holders.length === 2) return twoHolders(evidenceOf(holders[0]), evidenceOf(holders[1]));
  const groupOf = new Int32Array(holders.length).fill(-1);
  if (holders.length > MAX_HOLDERS_TOLD_APART) return { people: Number.POSITIVE_INFINITY, groupOf };
  const groups: PersonEvidence[][] = [];
  const evidence = holders.map(evidenceOf);
  for (const own of evidence) {
    if (own === undefined) continue;
    const fitting = groups.find((members) => members.every((member) => member === own || !conflictBetween(member, own)));
    if (fitting) {
      if (!fitting.includes(own)) fitting.push(own);
    } else groups.push([own]);
  }
  // One person (the common case: one customer's records in several sources): every holder is theirs.
  if (groups.length <= 1) return { people: 1, groupOf: groupOf.fill(0) };
  evidence.forEach((own, holder) => {
    if (own === undefined) return;
    let fits = -1;
    for (let g = 0; g < groups.length; g++) {
      if (!groups[g].every((member) => member === own || !conflictBetween(member, own))) continue;
      if (fits >= 0) return;
      fits = g;
    }
    groupOf[holder] = fits;
  });
  return { people: Math.max(1, groups.length), groupOf };
}

/** Two holders, the most common case by far: what the general grouping gives them, without its lists. */
function twoHolders(a: PersonEvidence | undefined, b: PersonEvidence | undefined): HolderPeople {
  const apart = a !== undefined && b !== undefined && conflictBetween(a, b) !== undefined;
  return apart ? TWO_PEOPLE : ONE_PERSON;
}

// Read only, by every caller: two answers shared rather than one allocated per value.
const TWO_PEOPLE: HolderPeople = { people: 2, groupOf: Int32Array.of(0, 1) };
const ONE_PERSON: HolderPeople = { people: 1, groupOf: Int32Array.of(0, 0) };

/**
 * What agreeing exactly on a value loses when several people hold it: log2 of how many (Splink's term-frequency
 * adjustment, counted in people); all of what the agreement weighed once the value is generic, so that it
 * links nothing on its own, not even by score.
 */
export function sharedValuePenalty(people: number, exactWeight: number): number {
  if (people >= GENERIC_PEOPLE) return Math.max(0, exactWeight);
  return people >= 2 ? Math.log2(people) : 0;
}

/** The identifier types that are also comparison fields, whose exact agreement weighs less when several people share the value. */
export const SHARED_VALUE_TYPES = ['email', 'phone', 'national_id', 'wechat_unionid'] as const;
