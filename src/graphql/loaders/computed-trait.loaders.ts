import DataLoader from 'dataloader';
import type { ComputedTraitService, StoredComputedTrait } from '../../modules/computed-traits';

/** Per-request loader: a page of profiles asking for computed traits or portrait tags costs one query. */
export function createComputedTraitLoaders(computedTraits: ComputedTraitService) {
  return {
    computedTraits: new DataLoader<string, StoredComputedTrait[]>(async (profileIds) => {
      const byProfile = new Map<string, StoredComputedTrait[]>(profileIds.map((id) => [id, []]));
      for (const row of await computedTraits.list(profileIds)) byProfile.get(row.profileId)!.push(row);
      return profileIds.map((id) => byProfile.get(id)!);
    }),
  };
}

export type ComputedTraitLoaders = ReturnType<typeof createComputedTraitLoaders>;
