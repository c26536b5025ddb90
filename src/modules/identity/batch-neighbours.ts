import type { KeyHit } from './blocking-key.store';
import { matchProbability, matchWeight } from './fellegi-sunter';
import { compareRecords } from './field-comparisons';
import type { IdentityRules, IdentityType } from './identity-rules';
import type { NormalizedRecord } from './normalized-record';
import type { PreparedRecord } from './resolution-input';

/** The other side of a candidate pair: a stored record (by id) or another record of the batch (by index). */
export type Partner = { stored: string } | { batch: number };

export interface BatchPairs {
  /** Pairs to score: batch index and partner. */
  scored: [number, Partner][];
  /** A batch record and the first holder of an identifier it carries that links on equality. */
  identifierLinks: { batch: number; partner: Partner; identityType: IdentityType }[];
}

/**
 * Candidate pairs of a batch against the store, as the engine forms them in a full run: records sharing a
 * blocking key are compared unless the block (stored holders plus batch holders) is larger than the cap,
 * and an identifier that links on equality links to its first holder, whatever the block size. Pairs the
 * identity rules can never link (two records of one source when a profile holds one external id per source)
 * are not formed at all.
 */
export function findBatchPairs(batch: readonly PreparedRecord[], hits: readonly KeyHit[], rules: IdentityRules, maxBlockSize: number): BatchPairs {
  const ownIds = new Set(batch.map((record) => record.sourceRecordId));
  // Oldest record first (ids are time-ordered, plain ASCII): an identifier links to the record that brought it first.
  const ordered = hits.filter((hit) => !ownIds.has(hit.sourceRecordId)).sort((a, b) => (a.sourceRecordId < b.sourceRecordId ? -1 : a.sourceRecordId > b.sourceRecordId ? 1 : 0));
  // One number and one partner object per stored record (a record may come as two hits: by key and as a customer).
  const numberOfId = new Map<string, number>();
  const partners: Partner[] = [];
  const storedByKey = new Map<number, { hit: KeyHit; number: number }[]>();
  for (const hit of ordered) {
    let number = numberOfId.get(hit.sourceRecordId);
    if (number === undefined) {
      numberOfId.set(hit.sourceRecordId, (number = partners.length));
      partners.push({ stored: hit.sourceRecordId });
    }
    for (const hash of hit.keyHashes) (storedByKey.get(hash) ?? storedByKey.set(hash, []).get(hash)!).push({ hit, number });
  }
  const batchByKey = new Map<number, number[]>();
  batch.forEach((record, index) => record.keyHashes.forEach((hash) => (batchByKey.get(hash) ?? batchByKey.set(hash, []).get(hash)!).push(index)));

  const oneRecordPerSource = rules.external_id.maxPerSource === 1;
  // A record that belongs to a customer record (an order) is that customer's: its person key is the customer's id.
  const neverLinks = (a: { source: string; personKey: string }, b: { source: string; personKey: string }) => oneRecordPerSource && a.source === b.source && a.personKey !== b.personKey;
  const hitNeverLinks = (record: PreparedRecord, hit: KeyHit) => oneRecordPerSource && neverLinks(record, { source: hit.source, personKey: hit.personKey ?? hit.externalId });
  const pairs: BatchPairs = { scored: [], identifierLinks: [] };
  const batchPartners: Partner[] = batch.map((_, index) => ({ batch: index }));
  const NONE: { hit: KeyHit; number: number }[] = [];

  batch.forEach((record, index) => {
    // Partners already paired with this record, through an earlier key.
    const seenStored = new Set<number>();
    const seenInBatch = new Set<number>();
    for (const hash of record.keyHashes) {
      const holders = storedByKey.get(hash) ?? NONE;
      const inBatch = batchByKey.get(hash)!;
      const identityType = record.linkingKeys.get(hash) as IdentityType | undefined;
      if (identityType) {
        const firstStored = holders.find(({ hit }) => !hitNeverLinks(record, hit));
        const first: Partner | undefined = firstStored ? partners[firstStored.number] : inBatch[0] !== index ? batchPartners[inBatch[0]] : undefined;
        const firstRecord = first && 'batch' in first ? batch[first.batch] : undefined;
        if (first && !(firstRecord && neverLinks(record, firstRecord))) pairs.identifierLinks.push({ batch: index, partner: first, identityType });
      }
      if (holders.length + inBatch.length > maxBlockSize) continue;
      for (const { hit, number } of holders) {
        if (seenStored.has(number) || hitNeverLinks(record, hit)) continue;
        seenStored.add(number);
        pairs.scored.push([index, partners[number]]);
      }
      for (const other of inBatch) {
        if (other <= index || seenInBatch.has(other) || neverLinks(record, batch[other])) continue;
        seenInBatch.add(other);
        pairs.scored.push([index, batchPartners[other]]);
      }
    }
  });
  return pairs;
}

/**
 * The pairs worth planning: identifier links, pairs within the batch, and pairs with a stored record that
 * score at least the review threshold (the plan drops the rest unseen). Scored here, against the stored
 * records alone, so that only the profiles a batch record may join or be reviewed against are loaded whole:
 * a batch of a thousand new people meets ten thousand stored neighbours, and links to almost none of them.
 */
export function likelyPairs(
  batch: readonly PreparedRecord[],
  pairs: BatchPairs,
  storedRecord: (sourceRecordId: string) => NormalizedRecord,
  scoring: { weights: number[][]; prior: number; reviewThreshold: number },
): BatchPairs {
  const scored = pairs.scored.filter(([index, partner]) => {
    if (!('stored' in partner)) return true;
    const weight = matchWeight(compareRecords(storedRecord(partner.stored), batch[index].normalized), scoring.weights);
    return matchProbability(weight, scoring.prior) >= scoring.reviewThreshold;
  });
  return { scored, identifierLinks: pairs.identifierLinks };
}

/** The stored records a batch's pairs name. */
export function storedPartners(pairs: BatchPairs): Set<string> {
  const partners = new Set<string>();
  for (const [, partner] of pairs.scored) if ('stored' in partner) partners.add(partner.stored);
  for (const { partner } of pairs.identifierLinks) if ('stored' in partner) partners.add(partner.stored);
  return partners;
}
