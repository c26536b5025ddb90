import type { HubConfig } from './config';
import { ApiKeyService } from './modules/auth/api-key.service';
import { IngestionService } from './modules/ingestion/ingestion.service';
import { ProfileDetailsService } from './modules/profiles/profile-details.service';
import { ProfileQueryService } from './modules/profiles/profile-query.service';
import type { Database } from './platform/database/database';
import type { Logger } from './platform/logger';

/** The composition root: every service built once per process from config and the database. */
export interface HubServices {
  config: HubConfig;
  database: Database;
  logger: Logger;
  ingestion: IngestionService;
  profiles: ProfileQueryService;
  profileDetails: ProfileDetailsService;
  apiKeys: ApiKeyService;
}

export function createServices(config: HubConfig, database: Database, logger: Logger): HubServices {
  return {
    config,
    database,
    logger,
    ingestion: new IngestionService(database, { defaultRegion: config.defaultRegion }),
    profiles: new ProfileQueryService(database, config.defaultRegion),
    profileDetails: new ProfileDetailsService(database),
    apiKeys: new ApiKeyService(database),
  };
}
