import type { Principal } from '../modules/auth/api-key.service';
import type { HubServices } from '../services';
import { createComputedTraitLoaders, type ComputedTraitLoaders } from './loaders/computed-trait.loaders';
import { createProfileLoaders, type ProfileLoaders } from './loaders/profile.loaders';
import { createSegmentLoaders, type SegmentLoaders } from './loaders/segment.loaders';
import { createSyncLoaders, type SyncLoaders } from './loaders/sync.loaders';

export interface GraphQLContext {
  services: HubServices;
  principal: Principal;
  loaders: ProfileLoaders & SyncLoaders & SegmentLoaders & ComputedTraitLoaders;
}

export function createContext(services: HubServices, principal: Principal): GraphQLContext {
  return { services, principal, loaders: { ...createProfileLoaders(services.profileDetails), ...createSyncLoaders(services.syncRuns), ...createSegmentLoaders(services.segments), ...createComputedTraitLoaders(services.computedTraits) } };
}
