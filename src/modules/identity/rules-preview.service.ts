import type { CountryCode } from 'libphonenumber-js';
import { HubError } from '../../errors/hub-error';
import type { Database } from '../../platform/database/database';
import { resolveRecords } from './engine';
import { combineSettings, parseIdentitySettings, type IdentitySettings } from './identity-settings';
import { liveResolutionConfig } from './identity-resolver.factory';
import { partitionChanges, type PartitionChanges } from './partition-changes';
import type { ProbabilisticResolver } from './probabilistic.resolver';
import { resolutionRecordOf } from './resolution-input';
import { affectedRecords, decidedPairs } from './rules-preview.store';

export interface RulesPreview extends PartitionChanges {
  /** Records re-resolved: every profile a change of rules can reach. */
  records: number;
  /** Pairs the new rules would queue for review. */
  reviews: number;
  /** What re-resolving the same records under the current rules would change: drift, not the rules' doing. */
  unchangedRules: { merges: number; splits: number };
}

/** In memory, a preview stays interactive; `hub resolve --dry-run` may allow more. */
export const MAX_PREVIEW_RECORDS = 50_000;

/**
 * previewIdentityRules and `hub resolve --dry-run`: the engine re-resolves, in memory, every profile that
 * changed rules could reach (with the cannot- and must-links people set), and the result is compared with the
 * profiles as they are. Nothing is written.
 */
export class IdentityRulesPreviewService {
  constructor(
    private readonly database: Database,
    private readonly resolver: ProbabilisticResolver,
    private readonly live: { defaultRegion: CountryCode; settings: IdentitySettings },
  ) {}

  async preview(input: unknown, limit = MAX_PREVIEW_RECORDS): Promise<RulesPreview> {
    const parsed = parseIdentitySettings(input);
    if (!parsed.ok) throw new HubError('BAD_USER_INPUT', `Invalid identity rules: ${parsed.message}`);
    const model = parsed.settings.startModel ?? (await this.resolver.model(this.database));
    const proposed = liveResolutionConfig(this.live.defaultRegion, { ...combineSettings(this.live.settings, parsed.settings), startModel: model });
    const current = liveResolutionConfig(this.live.defaultRegion, { ...this.live.settings, startModel: model });

    const stored = await affectedRecords(this.database, Math.max(proposed.maxBlockSize, current.maxBlockSize), limit);
    if (stored.length > limit) {
      throw new HubError('BAD_USER_INPUT', `More than ${limit.toLocaleString('en-US')} records could change under these rules, too many to preview here; run \`hub resolve --dry-run\` instead.`);
    }
    if (stored.length === 0) {
      return { records: 0, reviews: 0, ...partitionChanges(new Map(), []), unchangedRules: { merges: 0, splits: 0 } };
    }
    const records = stored.map((record) => resolutionRecordOf(record.id, record.source, record.externalId, record.payload, record.phoneRegion));
    const ids = stored.map((record) => record.id);
    const constraints = { cannotLink: await decidedPairs(this.database, 'cannot_links', ids), mustLink: await decidedPairs(this.database, 'must_links', ids) };
    const profileOf = new Map(stored.map((record) => [record.id, record.profileId]));

    const resolution = resolveRecords(records, proposed, constraints);
    const baseline = partitionChanges(profileOf, resolveRecords(records, current, constraints).profiles);
    return {
      records: records.length,
      reviews: resolution.reviews.length,
      ...partitionChanges(profileOf, resolution.profiles),
      unchangedRules: { merges: baseline.merges, splits: baseline.splits },
    };
  }
}
