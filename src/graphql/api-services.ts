import type { AuditLog } from '../modules/audit';
import type { ApiKeyService } from '../modules/auth';
import type { ComputedTraitService } from '../modules/computed-traits';
import type { IdentityServices } from '../modules/identity';
import type { IngestionService } from '../modules/ingestion';
import type { ProfileDetailsService, ProfileErasureService, ProfileQueryService } from '../modules/profiles';
import type { DataSubjectExport, ErasureReceipts, SuppressionList } from '../modules/privacy';
import type { SegmentPreviewService, SegmentService } from '../modules/segments';
import type { ConnectionService, SyncJobs, SyncRunQueryService, SyncService } from '../modules/sync';
import type { WebhookServices } from '../modules/webhooks';

/**
 * What the GraphQL API calls: the modules' services, and nothing of how they were built. The composition
 * root (src/app/services.ts) hands its HubServices, which has all of these.
 */
export interface ApiServices {
  apiKeys: ApiKeyService;
  /** Every administrative change: record with the actor (principal.name, or cliActor() in `hub`). */
  audit: AuditLog;
  ingestion: IngestionService;
  identity: IdentityServices;
  profiles: ProfileQueryService;
  profileDetails: ProfileDetailsService;
  profileErasure: ProfileErasureService;
  suppressions: SuppressionList;
  erasureReceipts: ErasureReceipts;
  dataSubjectExport: DataSubjectExport;
  segmentPreview: SegmentPreviewService;
  segments: SegmentService;
  computedTraits: ComputedTraitService;
  webhooks: WebhookServices;
  connections: ConnectionService;
  sync: SyncService;
  syncJobs: SyncJobs;
  syncRuns: SyncRunQueryService;
}
