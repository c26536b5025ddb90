/**
 * Sync: connections (configured connectors, secrets sealed at rest) and their runs, from queueing through
 * the connector's streams into ingestion, with checkpoints committed beside the records they cover, retries,
 * schedules and recovery after a crash. This module owns connections, sync_runs, sync_stream_states and
 * sync_rejections.
 */
export { ConnectionService } from './connection.service';
export type { ConnectionRow } from './connection.store';
export type { ConnectionDestinationPolicy } from './connection-destination';
export { SyncService, type SyncFailure, type SyncFailureObserver } from './sync.service';
export { SyncRunner } from './sync-runner';
export { RunCancellations } from './run-cancellation';
export { SyncJobs, syncLeaseSweepJob } from './sync-jobs';
export { SyncSchedules, SCHEDULED_SYNC_JOB } from './sync-schedules';
export { SyncRunQueryService } from './sync-run-query.service';
export type { PageRequest, StreamStats, SyncRunRow } from './sync-run.store';
export { syncRejectionErasure } from './sync-erasure.store';
