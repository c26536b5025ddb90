import { connectors } from '../../connectors/registry';
import type { HubConfig } from '../config';
import type { ApiServices } from '../graphql/api-services';
import type { Database } from '../platform/database/database';
import { TableUpkeep } from '../platform/database/table-upkeep';
import type { Logger } from '../platform/logger';
import { BullMqQueue } from '../platform/queue/bullmq-queue';
import { InProcessQueue } from '../platform/queue/in-process-queue';
import type { IntervalJob } from '../platform/queue/interval-job';
import type { JobQueue } from '../platform/queue/job-queue';
import { SecretBox } from '../platform/secret-box';
import { AuditLog } from '../modules/audit';
import { ApiKeyService } from '../modules/auth';
import { ComputedTraitRefresh, ComputedTraitService, computedTraitErasure, computedTraitRefreshJob } from '../modules/computed-traits';
import { createIdentityServices } from '../modules/identity';
import { IngestionService } from '../modules/ingestion';
import { ProfileDetailsService, ProfileErasureService, ProfileQueryService, type ProfileChangePipeline, type StageTrace } from '../modules/profiles';
import { DataSubjectExport, ErasureReceipts, SuppressionList } from '../modules/privacy';
import { SegmentMembershipStage, SegmentPreviewService, SegmentService, segmentErasure, segmentRefreshJob } from '../modules/segments';
import { ConnectionService, SyncJobs, SyncRunner, SyncRunQueryService, SyncSchedules, SyncService, syncLeaseSweepJob, syncRejectionErasure } from '../modules/sync';
import { createWebhookServices, WebhookOutbox, webhookDispatchJob, webhookErasure, webhookPruneJob } from '../modules/webhooks';
import { buildProfileChangePipeline, OUTBOX_LOOKUPS } from './profile-change-pipeline';

/** The composition root: every service built once per process from config and the database. */
export interface HubServices extends ApiServices {
  config: HubConfig;
  database: Database;
  logger: Logger;
  /** The one path of every profile change: computed traits → segments → webhook outbox. */
  profileChanges: ProfileChangePipeline;
  computedTraitRefresh: ComputedTraitRefresh;
  /** Scheduled work on the queue: time-relative segments and computed traits, webhook retries and pruning. */
  intervalJobs: IntervalJob[];
  syncSchedules: SyncSchedules;
  queue: JobQueue;
  /** Background VACUUM/ANALYZE of the ingestion tables where the server's autovacuum is off. */
  upkeep: TableUpkeep;
}

/** The tables an ingestion batch writes and its lookups read: what upkeep vacuums and analyzes. */
const INGESTION_TABLES = ['record_blocking_keys', 'source_records', 'identities', 'traits', 'profiles', 'match_reviews'];

export interface ServiceOptions {
  /** Told after each pipeline stage of every profile change (tests, diagnostics). */
  traceProfileChanges?: StageTrace;
}

/** Jobs go to BullMQ when REDIS_URL is set, and run in this process otherwise. */
export function createQueue(config: HubConfig, logger: Logger): JobQueue {
  return config.redisUrl ? new BullMqQueue(config.redisUrl, logger, { prefix: config.queuePrefix, lockDurationMs: config.jobLockMs }) : new InProcessQueue(logger);
}

export function createServices(config: HubConfig, database: Database, logger: Logger, queue: JobQueue = createQueue(config, logger), options: ServiceOptions = {}): HubServices {
  if (!config.secretKey) throw new Error('createServices needs config.secretKey: set HUB_SECRET_KEY, or open the hub with openHub, which reads the data dir key.');
  const secretBox = new SecretBox(config.secretKey);
  const upkeep = new TableUpkeep(database, logger, { tables: INGESTION_TABLES });
  const webhookSettings = config.webhooks;

  // The stages of every profile change, then the pipeline that puts them in order, then its producers.
  const segmentPreview = new SegmentPreviewService(database);
  const computedTraits = new ComputedTraitService(database, config.computedTraits);
  const outbox = new WebhookOutbox({ maxPayloadBytes: webhookSettings.maxPayloadBytes, retryWindowMs: webhookSettings.retryWindowMs }, OUTBOX_LOOKUPS);
  const profileChanges = buildProfileChangePipeline({ computedTraits, segmentMemberships: new SegmentMembershipStage(segmentPreview), outbox }, options.traceProfileChanges);

  const suppressions = new SuppressionList(database, config.secretKey);
  const erasureReceipts = new ErasureReceipts(database, suppressions);
  const identity = createIdentityServices(database, { defaultRegion: config.defaultRegion, settings: config.identity, survivorship: config.survivorship, pipeline: profileChanges });
  const ingestion = new IngestionService(database, {
    reading: identity.reading,
    resolver: identity.resolver,
    survivorship: config.survivorship,
    pipeline: profileChanges,
    upkeep,
    genericValues: identity.reresolution,
    suppressions,
  });
  const segments = new SegmentService(database, segmentPreview, profileChanges);
  const computedTraitRefresh = new ComputedTraitRefresh(database, computedTraits, profileChanges);
  const webhooks = createWebhookServices(database, secretBox, webhookSettings, logger, segments);
  const sync = new SyncService(database, new SyncRunner(database, ingestion, connectors, secretBox, logger, config.connections), logger, outbox, config.syncLeaseMs);
  const syncJobs = new SyncJobs(queue, sync, logger, database);
  const syncSchedules = new SyncSchedules(database, queue);
  return {
    config,
    database,
    logger,
    profileChanges,
    ingestion,
    identity,
    profiles: new ProfileQueryService(database, identity.reading),
    profileDetails: new ProfileDetailsService(database),
    // The outbox and computed traits forget before the pipeline writes profile.deleted; the rest after it.
    profileErasure: new ProfileErasureService(database, profileChanges, {
      beforePipeline: [webhookErasure, computedTraitErasure],
      afterPipeline: [segmentErasure, syncRejectionErasure, identity.erasure],
      ledger: erasureReceipts,
    }),
    suppressions,
    erasureReceipts,
    dataSubjectExport: new DataSubjectExport(database),
    segmentPreview,
    segments,
    computedTraits,
    computedTraitRefresh,
    webhooks,
    intervalJobs: [
      computedTraitRefreshJob(queue, computedTraitRefresh, logger),
      segmentRefreshJob(queue, segments, logger),
      webhookDispatchJob(queue, webhooks.dispatcher, webhookSettings.pollMs, logger),
      webhookPruneJob(queue, webhooks.deliveries, logger),
      syncLeaseSweepJob(queue, syncJobs, config.syncLeaseMs, logger),
    ],
    apiKeys: new ApiKeyService(database),
    audit: new AuditLog(database),
    connections: new ConnectionService(database, connectors, secretBox, syncSchedules, config.connections),
    sync,
    syncJobs,
    syncRuns: new SyncRunQueryService(database),
    syncSchedules,
    queue,
    upkeep,
  };
}

/**
 * What GraphQL calls, with the reads on `apiDatabase` (a pool of their own, with a statement timeout) so that
 * no client can take the connections ingestion, syncs and the webhook dispatcher need: profiles and their details,
 * segment previews, computed traits, sync runs, match reviews and explanations, rules previews. Writes stay on the
 * main pool (they belong to the transactions of the pipeline), and so do the services that both read and write.
 */
export function apiServicesOn(services: HubServices, apiDatabase: Database): ApiServices {
  const { config } = services;
  const identity = createIdentityServices(apiDatabase, { defaultRegion: config.defaultRegion, settings: config.identity, survivorship: config.survivorship, pipeline: services.profileChanges });
  return {
    ...services,
    profiles: new ProfileQueryService(apiDatabase, services.identity.reading),
    profileDetails: new ProfileDetailsService(apiDatabase),
    segmentPreview: new SegmentPreviewService(apiDatabase),
    syncRuns: new SyncRunQueryService(apiDatabase),
    computedTraits: new ComputedTraitService(apiDatabase, config.computedTraits),
    identity: { ...services.identity, explanations: identity.explanations, preview: identity.preview, reviews: identity.reviews },
  };
}
