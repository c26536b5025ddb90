import { HubError } from '../../errors/hub-error';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import { profileChange, type ProfileChangePipeline, type ProfileRow, type SegmentMove } from '../profiles';
import { isTimeRelative, namedSegmentIds, type SegmentConditionInput } from './segment-definition';
import * as members from './segment-membership.store';
import { definitionsById, type SegmentPreviewService } from './segment-preview.service';
import * as store from './segment.store';

export type { SegmentRow } from './segment.store';

export interface SegmentInput {
  name?: string | null;
  description?: string | null;
  definition?: SegmentConditionInput | null;
}

const MAX_NAME_LENGTH = 200;
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Saved segments and their materialized members. A segment is evaluated whole when it is created, when its
 * definition changes and (when it counts days back from now) on schedule, and the entries and exits go to the
 * pipeline's outbox stage in the same transaction; between those, the segment stage of the profile-change
 * pipeline keeps the members current (SegmentMembershipStage).
 *
 * Whole evaluations of a segment take its lock exclusively and profile changes take it shared, so the two
 * never interleave and concurrent ingestion batches never wait for each other.
 */
export class SegmentService {
  constructor(
    private readonly database: Database,
    private readonly preview: SegmentPreviewService,
    private readonly pipeline: ProfileChangePipeline,
  ) {}

  async create(input: SegmentInput): Promise<store.SegmentRow> {
    if (!input.definition) throw new HubError('BAD_USER_INPUT', 'A segment needs a definition.');
    const name = validName(input.name);
    const now = new Date();
    const { segment, compiled } = await this.preview.prepare(input.definition, now);
    const id = newId('segment');
    await this.named(name, () =>
      this.database.transaction(async (tx) => {
        await store.insertSegment(tx, { id, name, description: input.description ?? null, definition: input.definition!, timeRelative: isTimeRelative(segment), evaluatedAt: now });
        await store.lockSegmentExclusively(tx, id);
        await this.moved(tx, await members.replaceMembers(tx, id, compiled));
      }),
    );
    return (await this.get(id))!;
  }

  async update(id: string, input: SegmentInput): Promise<store.SegmentRow> {
    const current = await this.require(id);
    const name = input.name === undefined || input.name === null ? current.name : validName(input.name);
    const now = new Date();
    const prepared = input.definition ? await this.preview.prepare(input.definition, now, id) : undefined;
    await this.named(name, () =>
      this.database.transaction(async (tx) => {
        await store.lockSegmentExclusively(tx, id);
        const definition = input.definition ?? current.definition;
        const timeRelative = prepared ? isTimeRelative(prepared.segment) : current.timeRelative;
        const description = input.description === undefined ? current.description : input.description;
        await store.updateSegmentRow(tx, { id, name, description, definition, timeRelative, evaluatedAt: prepared ? now : current.evaluatedAt });
        if (prepared) await this.moved(tx, await members.replaceMembers(tx, id, prepared.compiled));
      }),
    );
    // Segments that name this one stand for its definition: their members change with it.
    if (prepared) {
      const dependents = dependentsOf(id, await store.findSegments(this.database));
      if (dependents.length > 0) await this.refresh(dependents);
    }
    return (await this.get(id))!;
  }

  async remove(id: string): Promise<boolean> {
    const users = (await store.findSegments(this.database)).filter((segment) => namedSegmentIds(segment.definition).includes(id));
    if (users.length > 0) throw new HubError('CONFLICT', `Segment ${id} is used by ${users.map((segment) => `'${segment.name}'`).join(', ')}; change or delete those first.`);
    try {
      return await this.database.transaction(async (tx) => {
        await store.lockSegmentExclusively(tx, id);
        return store.deleteSegmentRow(tx, id);
      });
    } catch (error) {
      // webhook_subscriptions.segment_id: a subscription limited to this segment must not silently widen to everyone.
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) throw new HubError('CONFLICT', `Segment ${id} limits a webhook subscription; change or delete the subscription first (\`hub webhooks list\`).`);
      throw error;
    }
  }

  list(): Promise<store.SegmentRow[]> {
    return store.findSegments(this.database);
  }

  async get(id: string): Promise<store.SegmentRow | undefined> {
    return (await store.findSegments(this.database, [id]))[0];
  }

  findMany(ids: readonly string[]): Promise<store.SegmentRow[]> {
    return store.findSegments(this.database, ids);
  }

  countMembers(ids: readonly string[]): Promise<Map<string, number>> {
    return members.countMembers(this.database, ids);
  }

  members(id: string, first: number, after?: string): Promise<ProfileRow[]> {
    return members.listMembers(this.database, id, first, after);
  }

  segmentIdsOf(profileIds: readonly string[]): Promise<Map<string, string[]>> {
    return members.segmentIdsOf(this.database, profileIds);
  }

  /**
   * Evaluates whole the segments that count days back from now (or the given ones): time moves profiles out
   * of "ordered within 30 days" without any change to them. Run by the scheduled segments-refresh job.
   */
  async refresh(ids?: readonly string[]): Promise<number> {
    const saved = await store.findSegments(this.database);
    const definitions = definitionsById(saved);
    const segments = saved.filter((segment) => (ids ? ids.includes(segment.id) : segment.timeRelative));
    const traitTypes = segments.length > 0 ? await this.preview.traitTypes() : undefined;
    for (const segment of segments) {
      const now = new Date();
      await this.database.transaction(async (tx) => {
        await store.lockSegmentExclusively(tx, segment.id);
        const prepared = this.preview.prepareSaved(segment.definition, now, traitTypes!, [], 'population', definitions);
        await this.moved(tx, await members.replaceMembers(tx, segment.id, prepared.compiled));
        // A segment it names may have changed: whether time moves this one follows the expanded definition.
        await store.markEvaluated(tx, segment.id, now, isTimeRelative(prepared.segment));
      });
    }
    return segments.length;
  }

  /** Hands the entries and exits of a whole evaluation to the pipeline's outbox stage, in its transaction. */
  private async moved(tx: SqlExecutor, moves: SegmentMove[]): Promise<void> {
    if (moves.length > 0) await this.pipeline.run(tx, profileChange({ segments: moves }), { from: 'outbox' });
  }

  private async require(id: string): Promise<store.SegmentRow> {
    const segment = await this.get(id);
    if (!segment) throw new HubError('NOT_FOUND', `No segment ${id}; list them with the segments query or \`hub segments list\`.`);
    return segment;
  }

  private async named<T>(name: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new HubError('CONFLICT', `A segment named '${name}' exists already; pick another name or update that one.`);
      throw error;
    }
  }
}

function validName(name: string | null | undefined): string {
  const trimmed = name?.trim() ?? '';
  if (trimmed === '' || trimmed.length > MAX_NAME_LENGTH) throw new HubError('BAD_USER_INPUT', `A segment name must be 1 to ${MAX_NAME_LENGTH} characters.`);
  return trimmed;
}

/** The saved segments that name `id`, directly or through others. */
function dependentsOf(id: string, segments: readonly store.SegmentRow[]): string[] {
  const found = new Set<string>();
  const visit = (target: string) => {
    for (const segment of segments) {
      if (!found.has(segment.id) && namedSegmentIds(segment.definition).includes(target)) {
        found.add(segment.id);
        visit(segment.id);
      }
    }
  };
  visit(id);
  return [...found];
}
