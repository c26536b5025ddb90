import { HubError } from '../../errors/hub-error';
import type { Database, SqlExecutor } from '../../platform/database/database';
import { newId } from '../../platform/ids';
import { profileChange, touchedProfiles, type ProfileChange, type ProfileChangeObserver, type SegmentMove } from '../profiles/profile-changes';
import type { ProfileRow } from '../profiles/profile-query.service';
import { compileSegment } from './segment-compiler';
import { inputsOf, isTimeRelative, namedSegmentIds, type Segment, type SegmentConditionInput, type SegmentInputs } from './segment-definition';
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
 * definition changes and (when it counts days back from now) on schedule; between those, a change to
 * profiles re-evaluates only those profiles, only in the segments the change can affect (profilesChanged),
 * in the transaction of the change. Each entry and exit is recorded in segment_changes.
 *
 * Whole evaluations of a segment take its lock exclusively and profile changes take it shared, so the two
 * never interleave and concurrent ingestion batches never wait for each other.
 */
export class SegmentService implements ProfileChangeObserver {
  constructor(
    private readonly database: Database,
    private readonly preview: SegmentPreviewService,
    /** Told every change, with the entries and exits it caused (the webhook outbox). */
    private readonly next?: ProfileChangeObserver,
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
        await this.moved(tx, await store.replaceMembers(tx, id, compiled));
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
        if (prepared) await this.moved(tx, await store.replaceMembers(tx, id, prepared.compiled));
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
    return store.countMembers(this.database, ids);
  }

  members(id: string, first: number, after?: string): Promise<ProfileRow[]> {
    return store.listMembers(this.database, id, first, after);
  }

  segmentIdsOf(profileIds: readonly string[]): Promise<Map<string, string[]>> {
    return store.segmentIdsOf(this.database, profileIds);
  }

  /**
   * Evaluates whole the segments that count days back from now (or the given ones): time moves profiles out
   * of "ordered within 30 days" without any change to them. Run by the scheduled segments-refresh job.
   */
  async refresh(ids?: readonly string[]): Promise<number> {
    const saved = await store.findSegments(this.database);
    const definitions = definitionsById(saved);
    const segments = saved.filter((segment) => (ids ? ids.includes(segment.id) : segment.timeRelative));
    for (const segment of segments) {
      const now = new Date();
      await this.database.transaction(async (tx) => {
        await store.lockSegmentExclusively(tx, segment.id);
        const prepared = this.preview.prepareSaved(segment.definition, now, [], 'population', definitions);
        await this.moved(tx, await store.replaceMembers(tx, segment.id, prepared.compiled));
        // A segment it names may have changed: whether time moves this one follows the expanded definition.
        await tx.query('update segments set evaluated_at = $2, time_relative = $3 where id = $1', [segment.id, now, isTimeRelative(prepared.segment)]);
      });
    }
    return segments.length;
  }

  /**
   * Re-evaluates what the change can have moved: profiles it created or merged away against every segment
   * (a new profile was never evaluated; a merged one leaves all), profiles whose records changed against the
   * segments that read record-derived data, profiles whose computed traits changed against the segments that
   * read computed traits. Segments that need the same profiles share one statement.
   */
  async profilesChanged(tx: SqlExecutor, change: ProfileChange): Promise<void> {
    const moves = touchedProfiles(change).length === 0 ? [] : await this.updateMemberships(tx, change);
    if (change.deleted.length > 0) {
      // Shared segment locks first: a whole evaluation running now must not put a deleted profile back.
      await store.findSegmentsLockedShared(tx);
      moves.push(...(await store.removeMembers(tx, change.deleted)));
    }
    await this.next?.profilesChanged(tx, { ...change, segments: [...change.segments, ...moves] });
  }

  private async updateMemberships(tx: SqlExecutor, change: ProfileChange): Promise<SegmentMove[]> {
    const segments = await store.findSegmentsLockedShared(tx);
    if (segments.length === 0) return [];
    const definitions = definitionsById(segments);
    const everywhere = [...change.created, ...change.merged.map((merge) => merge.profileId)];
    // Which profiles a segment needs follows from what it reads alone: group by that, not by the profile lists.
    const groups = new Map<string, { inputs: SegmentInputs; segments: { id: string; segment: Segment }[] }>();
    for (const saved of segments) {
      const segment = this.preview.validateSaved(saved.definition, definitions);
      const inputs = inputsOf(segment);
      const key = `${inputs.records}:${inputs.computed}`;
      const group = groups.get(key) ?? { inputs, segments: [] };
      group.segments.push({ id: saved.id, segment });
      groups.set(key, group);
    }
    const now = new Date();
    const moves: SegmentMove[] = [];
    for (const { inputs, segments: grouped } of groups.values()) {
      const profileIds = [...new Set([...everywhere, ...(inputs.records ? change.changed : []), ...(inputs.computed ? change.computed : [])])];
      if (profileIds.length === 0) continue;
      const params: unknown[] = [];
      const compiled = grouped.map(({ id, segment }) => ({ id, where: compileSegment(segment, now, params, 'profiles').where }));
      moves.push(...(await store.updateMembersOf(tx, profileIds, compiled, params)));
    }
    return moves;
  }

  /** Tells the next observer the entries and exits of a whole evaluation, in its transaction. */
  private async moved(tx: SqlExecutor, moves: SegmentMove[]): Promise<void> {
    if (moves.length > 0) await this.next?.profilesChanged(tx, profileChange({ segments: moves }));
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
