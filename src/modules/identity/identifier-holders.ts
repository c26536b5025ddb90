import { identifierKey, type IdentityType } from '../../../connectors/sdk/records';
import { blockingKeyHash } from './blocking-key-hash';
import type { BatchPairs, Partner, SharedIdentifier } from './batch-neighbours';
import type { NormalizedRecord } from './normalized-record';
import { evidenceOf } from './person-conflicts';
import type { PreparedRecord } from './resolution-input';
import { GENERIC_PEOPLE, tellHoldersApart } from './value-holders';

/** How many people hold an identifier value among the records a batch met, by identifierKey. */
export type PeopleOfValues = Map<string, number>;

/** A value the batch made generic: its stored holders were fewer people than GENERIC_PEOPLE, with the batch they are not. */
export interface ValueTurnedGeneric {
  type: IdentityType;
  value: string;
  people: number;
  /** Its stored holders (source record ids): what it alone joined among them is to be split again. */
  storedHolders: string[];
}

/**
 * The identifier links of a batch, as the engine's identifierLinks forms them in a full run: the holders of
 * each shared value (stored ones oldest first, then the batch's) are told apart into people; a value of one
 * person links each batch holder to the value's first holder, a value two people share links a batch holder
 * to the first holder of the person its evidence fits (none when it fits both), a generic value links nothing.
 */
export function identifierLinksOfBatch(
  batch: readonly PreparedRecord[],
  shared: readonly SharedIdentifier[],
  storedRecord: (sourceRecordId: string) => NormalizedRecord,
  neverLinks: (a: PreparedRecord, b: PreparedRecord) => boolean,
): { identifierLinks: BatchPairs['identifierLinks']; people: PeopleOfValues; turnedGeneric: ValueTurnedGeneric[] } {
  const identifierLinks: BatchPairs['identifierLinks'] = [];
  const people: PeopleOfValues = new Map();
  const turnedGeneric: ValueTurnedGeneric[] = [];
  for (const { identityType, hash, batch: inBatch, stored } of shared) {
    const holders: Partner[] = [...stored.map((id) => ({ stored: id })), ...inBatch.map((index) => ({ batch: index }))];
    const recordOf = (holder: Partner) => ('stored' in holder ? storedRecord(holder.stored) : batch[holder.batch].normalized);
    const told = tellHoldersApart(
      holders.map((_, holder) => holder),
      (holder) => evidenceOf(recordOf(holders[holder])),
    );
    const value = valueOfKey(batch[inBatch[0]].normalized, identityType, hash);
    if (value !== undefined) people.set(identifierKey({ type: identityType, value }), told.people);
    if (told.people >= GENERIC_PEOPLE) {
      // Two stored holders or more may have been joined by the value while it named fewer people.
      if (value !== undefined && stored.length >= 2 && tellHoldersApart(stored.map((_, holder) => holder), (holder) => evidenceOf(storedRecord(stored[holder]))).people < GENERIC_PEOPLE) {
        turnedGeneric.push({ type: identityType, value, people: told.people, storedHolders: [...stored] });
      }
      continue;
    }
    holders.forEach((holder, h) => {
      if ('stored' in holder || told.groupOf[h] < 0) return;
      const record = batch[holder.batch];
      const first = holders.findIndex((other, o) => o !== h && told.groupOf[o] === told.groupOf[h] && !('batch' in other && neverLinks(record, batch[other.batch])));
      if (first >= 0 && (first < h || 'stored' in holders[first])) identifierLinks.push({ batch: holder.batch, partner: holders[first], identityType });
    });
  }
  return { identifierLinks, people, turnedGeneric };
}

/** The value of the record's identifier of `type` whose blocking key hashes to `hash`. */
function valueOfKey(record: NormalizedRecord, type: string, hash: number): string | undefined {
  return record.identifiers.find((identifier) => identifier.type === type && blockingKeyHash(`id.${identifier.type}:${identifier.value}`) === hash)?.value;
}
