/**
 * Sync: connections (configured connectors, secrets sealed at rest) and their runs, from queueing through
 * the connector's streams into ingestion, with checkpoints committed beside the records they cover, retries,
 * schedules and recovery after a crash. This module owns connections, sync_runs, sync_stream_states and
 * sync_rejections.
 */
export { ConnectionService, type ConnectionInput } from './connection.service';
export { CONNECTION_STATUSES, type ConnectionRow, type ConnectionStatus } from './connection.store';
export { REDACTED_SECRET, redactConfig } from './connection-config';
export { SyncService, type QueuedRun, type SyncFailure, type SyncFailureObserver } from './sync.service';
export { SyncRunner } from './sync-runner';
export { SyncJobs } from './sync-jobs';
export { SyncSchedules, SCHEDULED_SYNC_JOB } from './sync-schedules';
export { SyncRunQueryService } from './sync-run-query.service';
export { SYNC_RUN_STATUSES, type PageRequest, type StreamStats, type SyncRejectionRow, type SyncRunRow, type SyncRunStatus } from './sync-run.store';
