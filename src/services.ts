import { connectors } from '../connectors/registry';
import type { HubConfig } from './config';
import { ApiKeyService } from './modules/auth/api-key.service';
import { createIdentityResolver } from './modules/identity/identity-resolver.factory';
import { MatchExplanationService } from './modules/identity/match-explanation.service';
import { MatchReviewService } from './modules/identity/match-review.service';
import type { ProbabilisticResolver } from './modules/identity/probabilistic.resolver';
import { ProfileDecisionService } from './modules/identity/profile-decisions.service';
import { IdentityRulesPreviewService } from './modules/identity/rules-preview.service';
import { INGESTION_TABLES, IngestionService } from './modules/ingestion/ingestion.service';
import { ProfileDetailsService } from './modules/profiles/profile-details.service';
import { ProfileErasureService } from './modules/profiles/profile-erasure.service';
import { ProfileQueryService } from './modules/profiles/profile-query.service';
import { SegmentPreviewService } from './modules/segments/segment-preview.service';
import { segmentRefreshJob } from './modules/segments/segment-refresh.jobs';
import { computedTraitRefreshJob } from './modules/computed-traits/computed-trait-refresh.jobs';
import { ComputedTraitService } from './modules/computed-traits/computed-trait.service';
import type { IntervalJob } from './platform/queue/interval-job';
import { SegmentService } from './modules/segments/segment.service';
import type { Database } from './platform/database/database';
import { TableUpkeep } from './platform/database/table-upkeep';
import type { Logger } from './platform/logger';
import { BullMqQueue } from './platform/queue/bullmq-queue';
import { InProcessQueue } from './platform/queue/in-process-queue';
import type { JobQueue } from './platform/queue/job-queue';
import { ConnectionService } from './modules/sync/connection.service';
import { SecretBox } from './modules/sync/secret-box';
import { SyncJobs } from './modules/sync/sync-jobs';
import { SyncRunQueryService } from './modules/sync/sync-run-query.service';
import { SyncSchedules } from './modules/sync/sync-schedules';
import { SyncRunner } from './modules/sync/sync-runner';
import { SyncService } from './modules/sync/sync.service';
import { createWebhookServices, type WebhookServices } from './modules/webhooks/webhook-services';
import { webhookDispatchJob, webhookPruneJob } from './modules/webhooks/webhook-dispatch.jobs';
import { WebhookOutbox } from './modules/webhooks/webhook-outbox';

/** The composition root: every service built once per process from config and the database. */
export interface HubServices {
  config: HubConfig;
  database: Database;
  logger: Logger;
  ingestion: IngestionService;
  identity: IdentityServices;
  profiles: ProfileQueryService;
  profileDetails: ProfileDetailsService;
  profileErasure: ProfileErasureService;
  segmentPreview: SegmentPreviewService;
  segments: SegmentService;
  computedTraits: ComputedTraitService;
  webhooks: WebhookServices;
  /** Scheduled work on the queue: time-relative segments and computed traits. */
  intervalJobs: IntervalJob[];
  apiKeys: ApiKeyService;
  connections: ConnectionService;
  sync: SyncService;
  syncJobs: SyncJobs;
  syncRuns: SyncRunQueryService;
  syncSchedules: SyncSchedules;
  queue: JobQueue;
  /** Background VACUUM/ANALYZE of the ingestion tables where the server's autovacuum is off. */
  upkeep: TableUpkeep;
}

/** Identity resolution beyond ingestion: explanations, the review queue, decisions people make, rule previews. */
export interface IdentityServices {
  resolver: ProbabilisticResolver;
  explanations: MatchExplanationService;
  reviews: MatchReviewService;
  decisions: ProfileDecisionService;
  preview: IdentityRulesPreviewService;
}

/** Jobs go to BullMQ when REDIS_URL is set, and run in this process otherwise. */
export function createQueue(config: HubConfig, logger: Logger): JobQueue {
  return config.redisUrl ? new BullMqQueue(config.redisUrl, logger, { prefix: config.queuePrefix, lockDurationMs: config.jobLockMs }) : new InProcessQueue(logger);
}

export function createServices(config: HubConfig, database: Database, logger: Logger, queue: JobQueue = createQueue(config, logger)): HubServices {
  const resolver = createIdentityResolver({ defaultRegion: config.defaultRegion, settings: config.identity });
  const derivation = { defaultRegion: config.defaultRegion, survivorship: config.survivorship };
  const upkeep = new TableUpkeep(database, logger, { tables: INGESTION_TABLES });
  const segmentPreview = new SegmentPreviewService(database);
  const webhookSettings = config.webhooks;
  // Last in every change: it reports what computed traits and segments made of it.
  const outbox = new WebhookOutbox({ maxPayloadBytes: webhookSettings.maxPayloadBytes, retryWindowMs: webhookSettings.retryWindowMs });
  const segments = new SegmentService(database, segmentPreview, outbox);
  // Computed traits first, then segments: a segment on a computed trait sees the value of the same commit.
  const computedTraits = new ComputedTraitService(database, config.computedTraits, segments);
  const ingestion = new IngestionService(database, { ...derivation, resolver, upkeep, profileChanges: computedTraits });
  const identity: IdentityServices = {
    resolver,
    explanations: new MatchExplanationService(database, resolver),
    reviews: new MatchReviewService(database),
    decisions: new ProfileDecisionService(database, resolver, derivation, computedTraits),
    preview: new IdentityRulesPreviewService(database, resolver, { defaultRegion: config.defaultRegion, settings: config.identity }),
  };
  const secretBox = new SecretBox(config.secretKey);
  const sync = new SyncService(database, new SyncRunner(database, ingestion, connectors, secretBox, logger), logger, outbox);
  const webhooks = createWebhookServices(database, secretBox, webhookSettings, logger);
  const syncSchedules = new SyncSchedules(database, queue);
  return {
    config,
    database,
    logger,
    ingestion,
    identity,
    connections: new ConnectionService(database, connectors, secretBox, syncSchedules),
    sync,
    syncJobs: new SyncJobs(database, queue, sync, logger),
    syncRuns: new SyncRunQueryService(database),
    syncSchedules,
    queue,
    upkeep,
    profiles: new ProfileQueryService(database, config.defaultRegion),
    profileDetails: new ProfileDetailsService(database),
    profileErasure: new ProfileErasureService(database, computedTraits),
    segmentPreview,
    segments,
    computedTraits,
    webhooks,
    intervalJobs: [computedTraitRefreshJob(queue, computedTraits, logger), segmentRefreshJob(queue, segments, logger), webhookDispatchJob(queue, webhooks.dispatcher, webhookSettings.pollMs, logger), webhookPruneJob(queue, webhooks.deliveries, logger)],
    apiKeys: new ApiKeyService(database),
  };
}
