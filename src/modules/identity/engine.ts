import { availableParallelism } from 'node:os';
import { HubError } from '../../errors/hub-error';
import { blockingKeyColumns } from './blocking-keys';
import { candidatePairs } from './candidate-pairs';
import { isCorroborated } from './corroboration';
import { clusterRecords, type ProposedLink } from './clustering';
import { tabulatePatterns } from './comparison-patterns';
import { comparisonRows } from './comparison-rows';
import { estimateModel } from './em-estimation';
import { implausibility } from './model-plausibility';
import { startMatchModel } from './start-match-model';
import { explainMatch, type MatchExplanation } from './explain';
import { levelWeights, matchProbability, matchWeight, type ModelParameters } from './fellegi-sunter';
import { FIELD_COMPARISONS } from './field-comparisons';
import { handOverRows, tabulateSharing } from './helper-task-runs';
import { HelperThreads } from './helper-threads';
import { identifierLinks, scoredLinks, type ValuePeople } from './link-proposals';
import { conflictBetween } from './person-conflicts';
import { columnEvidenceReader, identifiersInColumns, type RecordColumns } from './record-columns';
import { recordColumns } from './record-columns-from-records';
import { DEFAULT_RESOLUTION_CONFIG, type ResolutionConfig } from './resolution-config';
import type { ResolutionRecord } from './resolution-record';
import type { IdentityType } from '../../../connectors/sdk/records';
import { ArrayArena, SEPARATE_ARRAYS, type ArrayAllocator } from './typed-arrays';
import { RowComparer } from './row-comparison';
import { startParameters } from './start-parameters';
import { SHARED_VALUE_TYPES, sharedValuePenalty } from './value-holders';

/** Decisions people made: a manual merge (must-link) and a split (cannot-link), by record id. */
/** What is known beyond the records themselves: people's decisions, and the store the records come from. */
export interface ResolutionConstraints {
  mustLink?: readonly (readonly [string, string])[];
  cannotLink?: readonly (readonly [string, string])[];
  /**
   * How many people hold an identifier value (type, value as compared) among records not in this run: a store
   * re-resolving some of its profiles passes what it knows of the rest, so a value generic in the store is
   * generic here too. The larger of that and the run's own count is used.
   */
  knownPeople?: (type: IdentityType, value: string) => number;
}

/** A link between two records, by id; `probability` for scored links. */
export interface ResolvedLink {
  left: string;
  right: string;
  rule: ProposedLink['rule'];
  identityType?: ProposedLink['identityType'];
  probability?: number;
}

export interface Resolution {
  /** Record ids per profile; every record is in exactly one. */
  profiles: string[][];
  /** For each record, in input order, the index of its profile in `profiles`. */
  profileOfRecord: Int32Array;
  /** Links that were applied (including ones inside a profile already). */
  links: ResolvedLink[];
  /** Pairs between the thresholds whose records ended in different profiles: for a person to decide. */
  reviews: ResolvedLink[];
  /** Links refused by a limit or a cannot-link, with the reason. */
  dropped: (ResolvedLink & { reason: string })[];
  /** The model used: estimated from these records, or the configured one. */
  model: ModelParameters;
  /** Per-field evidence for any two records of this run under its model (computed on demand). */
  explain(leftId: string, rightId: string): MatchExplanation;
  stats: ResolutionStats;
}

export interface ResolutionStats {
  records: number;
  candidatePairs: number;
  patterns: number;
  oversizedBlocks: { kind: string; blocks: number; largest: number }[];
  /** `rejected`: why the estimate was not used (the start model was). */
  estimation?: { iterations: number; converged: boolean; keptAtStart: string[]; rejected?: string };
  millis: Record<'normalize' | 'block' | 'compare' | 'estimate' | 'cluster', number>;
}

/** How a run is carried out; the result is the same either way. */
export interface ResolutionOptions {
  /** Threads to use, this one included; by default up to 2 for runs of 50,000 records or more (see bench/identity-speed.ts). */
  threads?: number;
}

// A helper takes a second or two of CPU to load: below this size it would not earn that back.
const PARALLEL_FROM_RECORDS = 50_000;
const DEFAULT_MAX_THREADS = 2;

/**
 * Resolves records into profiles: normalize → block → compare candidate pairs → m/u by EM (or configured)
 * → identifier links and scored links → clustering under the identity rules and the constraints.
 */
export function resolveRecords(
  records: readonly ResolutionRecord[],
  config: ResolutionConfig = DEFAULT_RESOLUTION_CONFIG,
  constraints: ResolutionConstraints = {},
  options: ResolutionOptions = {},
): Resolution {
  const threads = options.threads ?? (records.length >= PARALLEL_FROM_RECORDS ? Math.min(availableParallelism(), DEFAULT_MAX_THREADS) : 1);
  // Started first: a helper takes a moment to load, and the first shared step comes early.
  const helpers = HelperThreads.start(threads - 1);
  // Helpers read and write the run's arrays in place: shared memory.
  const arrays = helpers || records.length >= ARENA_FROM_RECORDS ? new ArrayArena(helpers !== undefined, ARENA_BYTES_PER_RECORD * records.length) : SEPARATE_ARRAYS;
  try {
    return resolveWith(records, config, constraints, helpers, arrays);
  } finally {
    helpers?.close();
  }
}

// A run's typed arrays take about a kilobyte per record (columns, rows, blocks, ~35 candidate pairs per
// record at a million); below this size one buffer per array is as good.
const ARENA_FROM_RECORDS = 20_000;
const ARENA_BYTES_PER_RECORD = 1200;

function resolveWith(
  records: readonly ResolutionRecord[],
  config: ResolutionConfig,
  constraints: ResolutionConstraints,
  helpers: HelperThreads | undefined,
  arrays: ArrayAllocator,
): Resolution {
  const clock = stopwatch();
  const indexOf = indexRecords(records);
  const columns = recordColumns(records, config, helpers, arrays);
  const normalizeMs = clock();
  // The rows before blocking: the helpers take them in meanwhile.
  const rows = comparisonRows(columns, arrays);
  if (helpers) handOverRows(helpers, rows);
  const rowsMs = clock();
  const pairs = candidatePairs(blockingKeyColumns(columns, arrays), records.length, config.maxBlockSize, arrays);
  const blockMs = clock();
  const table = helpers ? tabulateSharing(helpers, rows, pairs, arrays) : tabulatePatterns(new RowComparer(rows), pairs, arrays);
  const compareMs = rowsMs + clock();

  const fieldNames = FIELD_COMPARISONS.map((comparison) => comparison.field);
  let model: ModelParameters;
  let estimation: ResolutionStats['estimation'];
  if (config.model.kind === 'estimate') {
    const start = startParameters(new RowComparer(rows), records.length, config.model.randomPairs);
    const result = estimateModel(table, fieldNames, start, config.model.maxIterations);
    const rejected = implausibility(result.model, table, fieldNames);
    // An estimate that is not about people gives way to the hand-set model ingestion starts from.
    model = rejected ? startMatchModel() : result.model;
    estimation = { iterations: result.iterations, converged: result.converged, keptAtStart: result.keptAtStart, rejected };
  } else {
    model = config.model.parameters;
  }
  const weights = levelWeights(model, fieldNames);
  const patternWeight = table.patterns.map((levels) => matchWeight(levels, weights));
  const estimateMs = clock();

  const evidenceOf = columnEvidenceReader(columns);
  const identified = identifierLinks(columns, config.identityRules, evidenceOf, (record) => records[record].id, constraints.knownPeople);
  const penaltyOfPair = sharedValuePenalties(columns, identified.people, weights);
  const patternCorroborated = table.patterns.map((levels) => isCorroborated(levels, weights));
  // Most pairs agree exactly on no value several people share: their probability is their pattern's, computed once.
  const patternProbability = patternWeight.map((weight) => matchProbability(weight, model.prior));
  const patternSharesValue = table.patterns.map((levels) => SHARED_VALUE_FIELD_INDICES.some((index) => levels[index] === 0));
  const scored = scoredLinks(
    pairs,
    {
      probability: (pair) => {
        const pattern = table.patternOfPair[pair];
        if (!patternSharesValue[pattern]) return patternProbability[pattern];
        const penalty = penaltyOfPair(pairs.left[pair], pairs.right[pair], table.patterns[pattern]);
        return penalty === 0 ? patternProbability[pattern] : matchProbability(patternWeight[pattern] - penalty, model.prior);
      },
      withoutConflict: (pair) => {
        const [left, right] = [evidenceOf(pairs.left[pair]), evidenceOf(pairs.right[pair])];
        return left === undefined || right === undefined || conflictBetween(left, right) === undefined;
      },
      corroborated: (pair) => patternCorroborated[table.patternOfPair[pair]],
    },
    config.thresholds,
  );
  const clustering = clusterRecords({
    recordCount: records.length,
    identifiersOf: (record) => identifiersInColumns(columns, record),
    rules: config.identityRules,
    links: [...manualLinks(constraints.mustLink, indexOf), ...identified.links, ...scored.links],
    cannotLink: (constraints.cannotLink ?? []).map(([a, b]) => [indexOf(a), indexOf(b)] as const),
    evidenceOf,
  });
  const clusterMs = clock();

  // Built once: its index of each type's values serves every explanation.
  const peopleOfValue = peopleInRun(columns, identified.people);
  const byId = (link: ProposedLink): ResolvedLink => {
    const resolved: ResolvedLink = { left: records[link.left].id, right: records[link.right].id, rule: link.rule };
    if (link.identityType) resolved.identityType = link.identityType;
    if (link.probability !== undefined) resolved.probability = link.probability;
    return resolved;
  };
  return {
    profiles: groupByProfile(records, clustering.clusterOf),
    profileOfRecord: clustering.clusterOf,
    links: clustering.accepted.map(byId),
    reviews: scored.reviewCandidates.filter((link) => clustering.clusterOf[link.left] !== clustering.clusterOf[link.right]).map(byId),
    dropped: clustering.dropped.map(({ link, reason }) => ({ ...byId(link), reason })),
    model,
    // Normalized again on demand: a run keeps columns, not a normalized copy of every record.
    explain: (leftId, rightId) => explainMatch(records[indexOf(leftId)], records[indexOf(rightId)], model, config, peopleOfValue),
    stats: {
      records: records.length,
      candidatePairs: pairs.left.length,
      patterns: table.patterns.length,
      oversizedBlocks: pairs.oversizedBlocks,
      estimation,
      millis: { normalize: normalizeMs, block: blockMs, compare: compareMs, estimate: estimateMs, cluster: clusterMs },
    },
  };
}

function indexRecords(records: readonly ResolutionRecord[]): (id: string) => number {
  const index = new Map<string, number>();
  records.forEach((record, i) => {
    if (index.has(record.id)) throw new HubError('VALIDATION', `record id '${record.id}' occurs twice; every record needs its own id`);
    index.set(record.id, i);
  });
  return (id) => {
    const found = index.get(id);
    if (found === undefined) throw new HubError('VALIDATION', `no record with id '${id}' in this run; constraints must name records of the run`);
    return found;
  };
}

function manualLinks(mustLink: ResolutionConstraints['mustLink'], indexOf: (id: string) => number): ProposedLink[] {
  return (mustLink ?? []).map(([a, b]) => ({ left: indexOf(a), right: indexOf(b), rule: 'must-link' }));
}

function groupByProfile(records: readonly ResolutionRecord[], clusterOf: Int32Array): string[][] {
  const profiles: string[][] = [];
  records.forEach((record, i) => (profiles[clusterOf[i]] ??= []).push(record.id));
  return profiles;
}

/** Milliseconds since the previous call. */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = Math.round(now - last);
    last = now;
    return elapsed;
  };
}

// Where each identifier type that may be shared by several people sits in a comparison vector.
const SHARED_VALUE_FIELD_INDICES = SHARED_VALUE_TYPES.map((type) => FIELD_COMPARISONS.findIndex((comparison) => comparison.field === type));

/**
 * What agreeing on a shared identifier loses, for a pair whose comparison vector is `levels`: per identifier
 * field both records agree on exactly, log2 of the people holding that value in this run.
 */
function sharedValuePenalties(columns: RecordColumns, people: ValuePeople, weights: readonly (readonly number[])[]): (left: number, right: number, levels: Int8Array) => number {
  const fields = SHARED_VALUE_TYPES.map((type, t) => ({ index: SHARED_VALUE_FIELD_INDICES[t], ids: columns.identifiers[type].ids, people: people[type] }));
  return (left, right, levels) => {
    let penalty = 0;
    for (const { index, ids, people: holders } of fields) {
      if (levels[index] !== 0) continue;
      const value = ids[left];
      if (value >= 0 && value === ids[right]) penalty += sharedValuePenalty(holders[value], weights[index][0]);
    }
    return penalty;
  };
}

/** How many people hold an identifier value in this run, by type and value as compared. */
function peopleInRun(columns: RecordColumns, people: ValuePeople): (type: IdentityType, value: string) => number {
  const indexOfValue = new Map<string, Map<string, number>>();
  return (type, value) => {
    let index = indexOfValue.get(type);
    if (!index) indexOfValue.set(type, (index = new Map(columns.identifiers[type].values.map((held, i) => [held, i]))));
    const i = index.get(value);
    return i === undefined ? 0 : people[type][i];
  };
}
