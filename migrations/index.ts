import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000_profile_store } from './Migration20261123000000_profile_store';
import { Migration20261123100000_sync } from './Migration20261123100000_sync';
import { Migration20261124000000_identity_resolution } from './Migration20261124000000_identity_resolution';
import { Migration20261125000000_oversized_blocking_keys } from './Migration20261125000000_oversized_blocking_keys';
import { Migration20261202000000_blocking_key_versions } from './Migration20261202000000_blocking_key_versions';
import { Migration20261202100000_segments } from './Migration20261202100000_segments';
import { Migration20261202200000_segment_covering_indexes } from './Migration20261202200000_segment_covering_indexes';
import { Migration20261202300000_computed_traits } from './Migration20261202300000_computed_traits';
import { Migration20261203000000_webhooks } from './Migration20261203000000_webhooks';
import { Migration20261207000000_identifier_normalization } from './Migration20261207000000_identifier_normalization';
import { Migration20261207100000_phone_regions } from './Migration20261207100000_phone_regions';
import { Migration20261207200000_connection_hosts } from './Migration20261207200000_connection_hosts';
import { Migration20261207210000_api_key_limits } from './Migration20261207210000_api_key_limits';
import { Migration20261207220000_audit_log } from './Migration20261207220000_audit_log';
import { Migration20261207230000_erasure_suppression } from './Migration20261207230000_erasure_suppression';
import { Migration20261207234000_sync_run_leases } from './Migration20261207234000_sync_run_leases';
import { Migration20261207235000_consents } from './Migration20261207235000_consents';
import { Migration20261207140000_order_identities } from './Migration20261207140000_order_identities';
import { Migration20261207141000_trait_types } from './Migration20261207141000_trait_types';

/** Listed explicitly (not globbed) so the app, the CLI and vitest all apply the same migrations. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123000000_profile_store', class: Migration20261123000000_profile_store },
  { name: 'Migration20261123100000_sync', class: Migration20261123100000_sync },
  { name: 'Migration20261124000000_identity_resolution', class: Migration20261124000000_identity_resolution },
  { name: 'Migration20261125000000_oversized_blocking_keys', class: Migration20261125000000_oversized_blocking_keys },
  { name: 'Migration20261202000000_blocking_key_versions', class: Migration20261202000000_blocking_key_versions },
  { name: 'Migration20261202100000_segments', class: Migration20261202100000_segments },
  { name: 'Migration20261202200000_segment_covering_indexes', class: Migration20261202200000_segment_covering_indexes },
  { name: 'Migration20261202300000_computed_traits', class: Migration20261202300000_computed_traits },
  { name: 'Migration20261203000000_webhooks', class: Migration20261203000000_webhooks },
  { name: 'Migration20261207000000_identifier_normalization', class: Migration20261207000000_identifier_normalization },
  { name: 'Migration20261207100000_phone_regions', class: Migration20261207100000_phone_regions },
  { name: 'Migration20261207200000_connection_hosts', class: Migration20261207200000_connection_hosts },
  { name: 'Migration20261207210000_api_key_limits', class: Migration20261207210000_api_key_limits },
  { name: 'Migration20261207220000_audit_log', class: Migration20261207220000_audit_log },
  { name: 'Migration20261207230000_erasure_suppression', class: Migration20261207230000_erasure_suppression },
  { name: 'Migration20261207234000_sync_run_leases', class: Migration20261207234000_sync_run_leases },
  { name: 'Migration20261207235000_consents', class: Migration20261207235000_consents },
  { name: 'Migration20261207141000_trait_types', class: Migration20261207141000_trait_types },
  { name: 'Migration20261207140000_order_identities', class: Migration20261207140000_order_identities },
];
