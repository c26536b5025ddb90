import { userInfo } from 'node:os';
import { HubError } from '../../errors/hub-error';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import * as store from './audit.store';
import type { AuditEntryRow, AuditQuery } from './audit.store';

/** One administrative change, as the caller states it: who, what, and the ids and field names it touched. */
export interface AuditRecord {
  /** The API key's name, or `cli:<user>` (see `cliActor`). */
  actor: string;
  /** `<object>.<verb>`, e.g. `connection.update`, `apikey.create`, `profile.merge`. */
  action: string;
  /** The ids of what changed (`conn_…`, `prof_…`, `key_…`). Never names, e-mails or other values. */
  targetIds?: readonly (string | null | undefined)[];
  /** The names of the fields set or changed (`config.baseUrl`, `definition`), never their values. */
  fields?: readonly string[];
}

// Shapes an entry may hold: an id, a field name, an action. Anything else is refused, so a value or a secret
// passed by mistake fails loudly in tests instead of being kept in a log an erasure cannot reach.
const ACTION = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;
const TARGET_ID = /^[a-z][a-z0-9]*_[0-9a-z]{10,40}$/;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const MAX_FIELD_NAME = 100;
const MAX_ITEMS = 1000;

/** The actor of a `hub` command run by this operating-system user. */
export function cliActor(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = `uid${process.getuid?.() ?? 'unknown'}`;
  }
  return `cli:${user}`;
}

/** The names of an input object's fields that were given (not undefined), nested objects as `parent.child`. */
export function fieldNames(input: object, prefix = '', depth = 2): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || !FIELD_NAME.test(key)) continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if (depth > 1 && value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      const nested = fieldNames(value, name, depth - 1);
      names.push(...(nested.length > 0 ? nested : [name]));
    } else names.push(name);
  }
  return names;
}

/**
 * The audit log: every administrative change, recorded by the layer that knows the actor (GraphQL resolvers
 * and `hub` commands). It keeps ids and field names only, never values or secrets.
 */
export class AuditLog {
  constructor(private readonly database: Database) {}

  /** Appends an entry; `executor` puts it in the caller's transaction. */
  async record(entry: AuditRecord, executor: SqlExecutor = this.database): Promise<void> {
    // An id that is not there (a receipt without a suppression) is left out, not an error after the change is made.
    const targetIds = [...new Set((entry.targetIds ?? []).filter((id): id is string => typeof id === 'string'))];
    const fields = [...new Set(entry.fields ?? [])].sort();
    if (!entry.actor.trim() || entry.actor.length > 200) throw new Error(`audit: an actor must be a key name or cli:<user>, got ${entry.actor.length} characters`);
    if (!ACTION.test(entry.action)) throw new Error(`audit: action ${JSON.stringify(entry.action)} is not <object>.<verb>`);
    if (targetIds.length > MAX_ITEMS || fields.length > MAX_ITEMS) throw new Error('audit: too many target ids or fields for one entry');
    const notId = targetIds.find((id) => !TARGET_ID.test(id));
    if (notId !== undefined) throw new Error('audit: a target id must be a prefixed hub id (e.g. conn_…), never a value');
    const notName = fields.find((field) => field.length > MAX_FIELD_NAME || !FIELD_NAME.test(field));
    if (notName !== undefined) throw new Error('audit: a field must be a field name, never a value');
    await store.insertAuditEntry(executor, { id: newId('auditEntry'), actor: entry.actor.trim(), action: entry.action, targetIds, fields });
  }

  /** Entries newest first, filtered by action, actor and time (`since` inclusive, `until` exclusive). */
  list(query: AuditQuery): Promise<{ rows: AuditEntryRow[]; hasNextPage: boolean }> {
    if (!Number.isInteger(query.first) || query.first < 1 || query.first > 500) throw new HubError('BAD_USER_INPUT', 'first must be a whole number from 1 to 500.');
    return store.pageOfAuditEntries(this.database, query);
  }
}
