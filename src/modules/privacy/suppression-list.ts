import { createHmac } from 'node:crypto';
import { HubError } from '../../errors/hub-error';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import * as store from './suppression.store';
import type { SuppressionRow } from './suppression.store';

/** An identifier as identity keys hold it: its type and normalized value. */
export interface SuppressibleIdentifier {
  type: string;
  value: string;
}

/**
 * The erased people ingestion must not take back: their identifiers, normalized as identity keys, kept only
 * as HMAC-SHA256 under a key derived from the hub's secret key. Nobody can read the list back into e-mails
 * or phones, nor test a guessed e-mail against a copied database without the key; the hub, holding the key,
 * recognizes the same person in a later sync, push or import.
 */
export class SuppressionList {
  private readonly key: Buffer;

  constructor(
    private readonly database: Database,
    secretKey: Buffer,
  ) {
    // A key of its own, so the secret key is never used for two purposes.
    this.key = createHmac('sha256', secretKey).update('hub suppression list v1').digest();
  }

  hash(identifier: SuppressibleIdentifier): string {
    return createHmac('sha256', this.key).update(`${identifier.type}\u0000${identifier.value}`).digest('hex');
  }

  /** Waits for the batches in flight and keeps new ones out until the erasure's transaction ends. */
  async holdAgainstIngestion(tx: SqlExecutor): Promise<void> {
    await store.holdAgainstIngestion(tx);
  }

  /** Suppresses one erased person's identifiers; answers the suppression's id. */
  async suppress(tx: SqlExecutor, identifiers: readonly SuppressibleIdentifier[], erasureReceiptId: string, reason: string): Promise<string> {
    const id = newId('suppression');
    await store.insertSuppression(tx, { id, erasureReceiptId, reason, hashes: [...new Set(identifiers.map((identifier) => this.hash(identifier)))] });
    return id;
  }

  /**
   * The positions of the records (each given by its identifiers) that carry an identifier under a suppression in
   * force. Run in the batch's transaction: it also keeps erasures out until the batch commits.
   */
  async suppressedAmong(executor: SqlExecutor, records: readonly (readonly SuppressibleIdentifier[])[]): Promise<Set<number>> {
    await store.holdAgainstErasures(executor);
    if (!(await store.anyInForce(executor))) return new Set();
    const hashes = records.map((identifiers) => identifiers.map((identifier) => this.hash(identifier)));
    const suppressed = await store.suppressedHashes(executor, [...new Set(hashes.flat())]);
    const positions = new Set<number>();
    if (suppressed.size === 0) return positions;
    hashes.forEach((recordHashes, position) => {
      if (recordHashes.some((hash) => suppressed.has(hash))) positions.add(position);
    });
    return positions;
  }

  /** Suppressions newest first; with an identifier, only those holding it (the admin's way to find a person's). */
  list(options: { includeLifted?: boolean; identifier?: SuppressibleIdentifier } = {}): Promise<SuppressionRow[]> {
    return store.listSuppressions(this.database, { includeLifted: options.includeLifted ?? false, hash: options.identifier ? this.hash(options.identifier) : undefined });
  }

  async lift(id: string): Promise<SuppressionRow> {
    const lifted = await store.liftSuppression(this.database, id);
    if (!lifted) throw new HubError('NOT_FOUND', `No suppression ${id}; \`hub suppressions list\` shows the ids.`);
    return lifted;
  }
}
