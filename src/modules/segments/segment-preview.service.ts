import type { Database, SqlExecutor } from '../../platform/database/database';
import { EVENT_TYPES, IDENTITY_TYPES, TRAIT_FIELDS } from '../../../connectors/sdk/records';
import { loadTraitTypes, storedTraitKeys, type ProfileRow, type TraitDefinition, type TraitTypes } from '../profiles';
import { compileSegment, type CompiledSegment, type CompiledShape } from './segment-compiler';
import { validateSegment, type Segment, type SegmentConditionInput, type SegmentVocabulary } from './segment-definition';
import { countMatching, listMatching } from './segment-membership.store';
import { allowSegmentMemory, findSegments } from './segment.store';

const STATIC_VOCABULARY = { eventTypes: EVENT_TYPES, identityTypes: IDENTITY_TYPES };

/** A definition checked against the store and compiled, at one instant: what a preview counts and lists. */
export interface PreparedSegment {
  segment: Segment;
  compiled: CompiledSegment;
}

/**
 * Answers segment definitions against the live profiles: how many match, and which (in id order). The
 * definition is validated against the traits the store holds or the registry declares, their types, and the
 * event and identity types, then compiled to one parameterized statement.
 */
export class SegmentPreviewService {
  constructor(private readonly database: Database) {}

  /** `self`: the saved segment this definition is for, when it is one (so it cannot name itself). */
  async prepare(definition: SegmentConditionInput, now = new Date(), self?: string): Promise<PreparedSegment> {
    const segment = validateSegment(definition, await this.vocabulary(), self);
    return { segment, compiled: compileSegment(segment, now) };
  }

  /**
   * A definition saved earlier: its traits need not exist any more, nor fit their keys' types as they are now
   * (it then matches no one on them). `savedSegments` holds the definitions its `segment` conditions name (all
   * saved ones will do); `traitTypes` is the registry as loadTraitTypes read it.
   */
  prepareSaved(
    definition: SegmentConditionInput,
    now: Date,
    traitTypes: TraitTypes,
    params: unknown[] = [],
    shape: CompiledShape = 'population',
    savedSegments: ReadonlyMap<string, SegmentConditionInput> = new Map(),
  ): PreparedSegment {
    const segment = this.validateSaved(definition, traitTypes, savedSegments);
    return { segment, compiled: compileSegment(segment, now, params, shape) };
  }

  /** A saved definition checked (its traits need not exist any more), not compiled. */
  validateSaved(definition: SegmentConditionInput, traitTypes: TraitTypes, savedSegments: ReadonlyMap<string, SegmentConditionInput> = new Map()): Segment {
    return validateSegment(definition, { ...STATIC_VOCABULARY, traitKeys: 'any', traitTypes, savedSegments });
  }

  /** The trait registry as the store has it now (read with `executor`, e.g. a change's transaction). */
  traitTypes(executor: SqlExecutor = this.database): Promise<TraitTypes> {
    return loadTraitTypes(executor);
  }

  /** Each trait key a condition can name: its type (number, text, boolean, date, datetime) and where that comes from. */
  async traitDefinitions(): Promise<TraitDefinition[]> {
    const [types, stored] = await Promise.all([loadTraitTypes(this.database), storedTraitKeys(this.database)]);
    const keys = new Set([...types.definitions().map((definition) => definition.key), ...stored]);
    return [...keys].sort().map((key) => types.definitionOf(key));
  }

  async count({ compiled }: PreparedSegment): Promise<number> {
    return this.withSegmentMemory((tx) => countMatching(tx, compiled));
  }

  /** Matching profiles in id order, after the given id. */
  async list({ compiled }: PreparedSegment, first: number, after?: string): Promise<ProfileRow[]> {
    return this.withSegmentMemory((tx) => listMatching(tx, compiled, first, after));
  }

  /** Runs segment statements in a transaction of their own that may hash a leaf's profiles in memory. */
  async withSegmentMemory<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.database.transaction(async (tx) => {
      await allowSegmentMemory(tx);
      return fn(tx);
    });
  }

  private async vocabulary(): Promise<SegmentVocabulary> {
    const [traitKeys, traitTypes, saved] = await Promise.all([storedTraitKeys(this.database), loadTraitTypes(this.database), findSegments(this.database)]);
    const declared = traitTypes.definitions().filter((definition) => definition.origin !== 'inferred').map((definition) => definition.key);
    return { ...STATIC_VOCABULARY, traitKeys: new Set<string>([...TRAIT_FIELDS, ...declared, ...traitKeys]), traitTypes, savedSegments: definitionsById(saved) };
  }
}

/** Saved segments' definitions by id: what `segment` conditions expand to. */
export function definitionsById(segments: readonly { id: string; definition: SegmentConditionInput }[]): Map<string, SegmentConditionInput> {
  return new Map(segments.map((segment) => [segment.id, segment.definition]));
}
