import { migrationsList } from '../../migrations';
import { Database } from '../platform/database/database';

/** Connects to the profile store with the hub's migrations: what the runtime, tests and benchmarks open. */
export function connectDatabase(url: string, options: { poolSize?: number; statementTimeoutMs?: number } = {}): Promise<Database> {
  return Database.connect(url, { migrations: migrationsList, ...options });
}
