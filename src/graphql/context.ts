import type { Principal } from '../modules/auth/api-key.service';
import type { HubServices } from '../services';
import { createProfileLoaders, type ProfileLoaders } from './loaders/profile.loaders';
import { createSyncLoaders, type SyncLoaders } from './loaders/sync.loaders';

export interface GraphQLContext {
  services: HubServices;
  principal: Principal;
  loaders: ProfileLoaders & SyncLoaders;
}

export function createContext(services: HubServices, principal: Principal): GraphQLContext {
  return { services, principal, loaders: { ...createProfileLoaders(services.profileDetails), ...createSyncLoaders(services.syncRuns) } };
}
