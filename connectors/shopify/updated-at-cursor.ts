import type { StreamState } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';

/**
 * A stream's incremental position: the newest `updatedAt` read so far, and the ids read at exactly that
 * instant. Shopify's filter `updated_at:>='…'` is inclusive (and whole-second), so the next run sees the
 * boundary records again; those whose id is in `idsAtUpdatedAtMin` and whose `updatedAt` is still the
 * boundary are the very versions already delivered and are skipped. A boundary record edited since has a
 * newer `updatedAt` and is read again, as it should be.
 *
 * Pages are sorted by UPDATED_AT ascending, so a checkpoint taken after any page is a valid resume point.
 */
export interface UpdatedAtState extends StreamState {
  updatedAtMin: string;
  idsAtUpdatedAtMin: string[];
}

export class UpdatedAtCursor {
  private newestMs: number | undefined;
  private newestText: string | undefined;
  private idsAtNewest: Set<string>;

  private constructor(
    private readonly start: { ms: number; text: string; ids: ReadonlySet<string> } | undefined,
  ) {
    this.newestMs = start?.ms;
    this.newestText = start?.text;
    this.idsAtNewest = new Set(start?.ids);
  }

  /** No state (or an empty one) means a full read. */
  static from(state: StreamState | undefined): UpdatedAtCursor {
    if (!state || state.updatedAtMin === undefined) return new UpdatedAtCursor(undefined);
    const { updatedAtMin, idsAtUpdatedAtMin = [] } = state as Partial<UpdatedAtState>;
    const ms = typeof updatedAtMin === 'string' ? Date.parse(updatedAtMin) : Number.NaN;
    if (Number.isNaN(ms) || !Array.isArray(idsAtUpdatedAtMin)) {
      throw new ConnectorError('BAD_CONFIG', `the Shopify checkpoint ${JSON.stringify(state)} is unreadable: run a full refresh of this stream`);
    }
    return new UpdatedAtCursor({ ms, text: updatedAtMin as string, ids: new Set(idsAtUpdatedAtMin.map(String)) });
  }

  /** Shopify search syntax for "changed since the checkpoint"; undefined for a full read. */
  searchQuery(): string | undefined {
    return this.start ? `updated_at:>='${this.start.text}'` : undefined;
  }

  /** True for the boundary records the previous run already delivered, in the same version. */
  alreadyDelivered(id: unknown, updatedAt: unknown): boolean {
    return !!this.start && typeof id === 'string' && typeof updatedAt === 'string' && Date.parse(updatedAt) === this.start.ms && this.start.ids.has(id);
  }

  /** Records that a node was read (delivered or rejected): it will not be read again in this version. */
  advance(id: unknown, updatedAt: unknown): void {
    if (typeof id !== 'string' || typeof updatedAt !== 'string') return;
    const ms = Date.parse(updatedAt);
    if (Number.isNaN(ms)) return;
    if (this.newestMs === undefined || ms > this.newestMs) {
      this.newestMs = ms;
      this.newestText = updatedAt;
      this.idsAtNewest = new Set([id]);
    } else if (ms === this.newestMs) {
      this.idsAtNewest.add(id);
    }
  }

  /** The checkpoint; the previous one again when nothing has been read yet. */
  toState(): StreamState {
    if (this.newestText === undefined) return {};
    return { updatedAtMin: this.newestText, idsAtUpdatedAtMin: [...this.idsAtNewest] } satisfies UpdatedAtState;
  }
}
