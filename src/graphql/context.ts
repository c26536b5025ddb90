import type { Principal } from '../modules/auth';
import type { ApiServices } from './api-services';
import { createComputedTraitLoaders, type ComputedTraitLoaders } from './loaders/computed-trait.loaders';
import { createProfileLoaders, type ProfileLoaders } from './loaders/profile.loaders';
import { createSegmentLoaders, type SegmentLoaders } from './loaders/segment.loaders';
import { createSyncLoaders, type SyncLoaders } from './loaders/sync.loaders';

export interface GraphQLContext {
  services: ApiServices;
  principal: Principal;
  loaders: ProfileLoaders & SyncLoaders & SegmentLoaders & ComputedTraitLoaders;
}

export function createContext(services: ApiServices, principal: Principal): GraphQLContext {
  return { services, principal, loaders: { ...createProfileLoaders(services.profileDetails), ...createSyncLoaders(services.syncRuns), ...createSegmentLoaders(services.segments), ...createComputedTraitLoaders(services.computedTraits) } };
}
