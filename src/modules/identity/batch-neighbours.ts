import type { KeyHit } from './blocking-key.store';
import { matchProbability, pairWeightReaching, type WeightBound } from './fellegi-sunter';
import type { IdentityRules } from './identity-rules';
import type { IdentityType } from '../../../connectors/sdk/records';
import type { NormalizedRecord } from './normalized-record';
import type { PreparedRecord } from './resolution-input';

/** The other side of a candidate pair: a stored record (by id) or another record of the batch (by index). */
export type Partner = { stored: string } | { batch: number };

export interface BatchPairs {
  /** Pairs to score: batch index and partner. */
  scored: [number, Partner][];
  /** A batch record and a holder of an identifier it carries that links on equality (see identifier-holders.ts). */
  identifierLinks: { batch: number; partner: Partner; identityType: IdentityType }[];
}

/** An identifier of a type that links on equality, carried by batch records, and the stored records that hold it too. */
export interface SharedIdentifier {
  identityType: IdentityType;
  hash: number;
  /** Batch indices, in batch order. */
  batch: number[];
  /** Stored record ids, oldest first. */
  stored: string[];
}

/**
 * Candidate pairs of a batch against the store, as the engine forms them in a full run: records sharing a
 * blocking key are compared unless the block (stored holders plus batch holders) is larger than the cap,
 * and an identifier that links on equality links to its first holder, whatever the block size. Pairs the
 * identity rules can never link (two records of one source when a profile holds one external id per source)
 * are not formed at all.
 */
export function findBatchPairs(batch: readonly PreparedRecord[], hits: readonly KeyHit[], rules: IdentityRules, maxBlockSize: number): BatchPairs & { shared: SharedIdentifier[] } {
  const ownIds = new Set(batch.map((record) => record.sourceRecordId));
  // One number and one partner per stored record (a record may come as two hits: by key and as a customer),
  // numbered oldest first (ids are time-ordered, plain ASCII, and the default sort compares code units):
  // an identifier links to the record that brought it first. Sorting the distinct ids once costs a fraction
  // of sorting the hits with a comparator.
  const hitsOfId = new Map<string, KeyHit[]>();
  for (const hit of hits) {
    if (ownIds.has(hit.sourceRecordId)) continue;
    const list = hitsOfId.get(hit.sourceRecordId);
    if (list) list.push(hit);
    else hitsOfId.set(hit.sourceRecordId, [hit]);
  }
  const ids = [...hitsOfId.keys()].sort();
  const partners: Partner[] = ids.map((id) => ({ stored: id }));
  const storedByKey = new Map<number, { hit: KeyHit; number: number }[]>();
  ids.forEach((id, number) => {
    for (const hit of hitsOfId.get(id)!) {
      for (const hash of hit.keyHashes) {
        const holders = storedByKey.get(hash);
        if (holders) holders.push({ hit, number });
        else storedByKey.set(hash, [{ hit, number }]);
      }
    }
  });
  const batchByKey = new Map<number, number[]>();
  batch.forEach((record, index) => {
    for (const hash of record.keyHashes) {
      const holders = batchByKey.get(hash);
      if (holders) holders.push(index);
      else batchByKey.set(hash, [index]);
    }
  });

  const oneRecordPerSource = rules.external_id.maxPerSource === 1;
  // A record that belongs to a customer record (an order) is that customer's: its person key is the customer's id.
  const neverLinks = (a: { source: string; personKey: string }, b: { source: string; personKey?: string }) => oneRecordPerSource && a.source === b.source && a.personKey !== b.personKey;
  const hitNeverLinks = (record: PreparedRecord, hit: KeyHit) => oneRecordPerSource && neverLinks(record, { source: hit.source, personKey: hit.personKey });
  const pairs: BatchPairs = { scored: [], identifierLinks: [] };
  const shared = new Map<number, SharedIdentifier>();
  const batchPartners: Partner[] = batch.map((_, index) => ({ batch: index }));
  const NONE: { hit: KeyHit; number: number }[] = [];
  // Partners already paired with the record at hand, through an earlier key: stamped with its index + 1.
  const pairedStored = new Int32Array(partners.length);
  const pairedInBatch = new Int32Array(batch.length);

  batch.forEach((record, index) => {
    const stamp = index + 1;
    for (const hash of record.keyHashes) {
      const holders = storedByKey.get(hash) ?? NONE;
      const inBatch = batchByKey.get(hash)!;
      const identityType = record.linkingKeys.get(hash) as IdentityType | undefined;
      if (identityType && !shared.has(hash) && holders.length + inBatch.length > 1) {
        const linkable = holders.filter(({ hit }) => !hitNeverLinks(record, hit));
        shared.set(hash, { identityType, hash, batch: inBatch, stored: [...new Set(linkable.map(({ number }) => ids[number]))] });
      }
      if (holders.length + inBatch.length > maxBlockSize) continue;
      for (const { hit, number } of holders) {
        if (pairedStored[number] === stamp || hitNeverLinks(record, hit)) continue;
        pairedStored[number] = stamp;
        pairs.scored.push([index, partners[number]]);
      }
      for (const other of inBatch) {
        if (other <= index || pairedInBatch[other] === stamp || neverLinks(record, batch[other])) continue;
        pairedInBatch[other] = stamp;
        pairs.scored.push([index, batchPartners[other]]);
      }
    }
  });
  return { ...pairs, shared: [...shared.values()] };
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
  scoring: { weights: number[][]; bound: WeightBound; prior: number; reviewThreshold: number },
): BatchPairs {
  // The review threshold as a weight: pairs clearly below it are dropped without a power each; the rest take
  // the exact test the plan takes (the margin covers rounding).
  const reviewWeight = Math.log2(scoring.reviewThreshold / (1 - scoring.reviewThreshold)) - Math.log2(scoring.prior / (1 - scoring.prior)) - 1e-6;
  const scored = pairs.scored.filter(([index, partner]) => {
    if (!('stored' in partner)) return true;
    const weight = pairWeightReaching(storedRecord(partner.stored), batch[index].normalized, scoring.weights, reviewWeight, scoring.bound);
    return weight >= reviewWeight && matchProbability(weight, scoring.prior) >= scoring.reviewThreshold;
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
