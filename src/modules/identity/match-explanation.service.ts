import { HubError } from '../../errors/hub-error';
import type { Database } from '../../platform/database/database';
import { identifierKey } from '../../../connectors/sdk/records';
import { loadStoredRecords, profilesHoldingIdentifiers, type StoredRecordWithPayload } from '../profiles';
import { explainNormalized, type MatchExplanation } from './explain';
import type { ProbabilisticResolver } from './probabilistic.resolver';
import { findConstraints } from './record-constraints.store';

export interface StoredMatchExplanation extends MatchExplanation {
  leftProfileId: string;
  rightProfileId: string;
  /** A decision a person made about this pair, which outranks the score: `cannot-link` or `must-link`. */
  constraint: 'cannot-link' | 'must-link' | null;
}

/** Why two stored source records would (or would not) be linked today: per-field evidence under the current model. */
export class MatchExplanationService {
  constructor(
    private readonly database: Database,
    private readonly resolver: ProbabilisticResolver,
  ) {}

  async explain(leftId: string, rightId: string): Promise<StoredMatchExplanation> {
    if (leftId === rightId) throw new HubError('BAD_USER_INPUT', 'sourceRecordA and sourceRecordB are the same record; name two different source records.');
    const rows = await loadStoredRecords(this.database, [leftId, rightId]);
    const [left, right] = [leftId, rightId].map((id) => {
      const row = rows.find((candidate) => candidate.sourceRecordId === id);
      if (!row) throw new HubError('NOT_FOUND', `No source record ${id}; a profile's sourceRecords list their ids.`);
      return row;
    });
    const normalize = (row: StoredRecordWithPayload) => this.resolver.normalizeStored(row.sourceRecordId, row.source, row.externalId, row.contentHash, row.payload, row.phoneRegion);
    const [a, b] = [normalize(left), normalize(right)];
    // What a shared identifier is worth depends on how many people hold it in the store.
    const shared = a.identifiers.filter((ours) => b.identifiers.some((theirs) => theirs.type === ours.type && theirs.value === ours.value));
    const holders = await profilesHoldingIdentifiers(this.database, shared);
    const explanation = explainNormalized(a, b, await this.resolver.model(this.database), this.resolver.config, (type, value) => holders.get(identifierKey({ type, value })) ?? 1);
    const pairOf = (pairs: [string, string][]) => pairs.some(([a, b]) => (a === leftId && b === rightId) || (a === rightId && b === leftId));
    const constraint = pairOf(await findConstraints(this.database, 'cannot', [leftId])) ? 'cannot-link' : pairOf(await findConstraints(this.database, 'must', [leftId])) ? 'must-link' : null;
    return { ...explanation, leftProfileId: left.profileId, rightProfileId: right.profileId, constraint };
  }
}
