import { ApiKey } from '../../modules/auth/api-key.entity';
import { Event } from '../../modules/profiles/entities/event.entity';
import { Identity } from '../../modules/profiles/entities/identity.entity';
import { MergeDecision } from '../../modules/profiles/entities/merge-decision.entity';
import { Profile } from '../../modules/profiles/entities/profile.entity';
import { SourceRecord } from '../../modules/profiles/entities/source-record.entity';
import { Trait } from '../../modules/profiles/entities/trait.entity';
import { Connection } from '../../modules/sync/connection.entity';
import { SyncRun } from '../../modules/sync/sync-run.entity';

/** Every entity, listed explicitly: no file-system discovery, so the app, CLI and tests see the same set. */
export const entities = [Profile, Identity, SourceRecord, Trait, Event, MergeDecision, ApiKey, Connection, SyncRun];
