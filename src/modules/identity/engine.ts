import { availableParallelism } from 'node:os';
import { HubError } from '../../errors/hub-error';
import { blockingKeyColumns } from './blocking-keys';
import { candidatePairs } from './candidate-pairs';
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
import { scoreMayLink } from './household-rule';
import { identifierLinks, scoredLinks } from './link-proposals';
import { identifiersInColumns } from './record-columns';
import { recordColumns } from './record-columns-from-records';
import { DEFAULT_RESOLUTION_CONFIG, type ResolutionConfig } from './resolution-config';
import type { ResolutionRecord } from './resolution-record';
import { ArrayArena, SEPARATE_ARRAYS, type ArrayAllocator } from './typed-arrays';
import { RowComparer } from './row-comparison';
import { startParameters } from './start-parameters';

/** Decisions people made: a manual merge (must-link) and a split (cannot-link), by record id. */
export interface ResolutionConstraints {
  mustLink?: readonly (readonly [string, string])[];
  cannotLink?: readonly (readonly [string, string])[];
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
  const patternProbability = table.patterns.map((levels) => matchProbability(matchWeight(levels, weights), model.prior));
  const patternMayLink = table.patterns.map(scoreMayLink);
  const estimateMs = clock();

  const scored = scoredLinks(
    pairs,
    (pair) => patternProbability[table.patternOfPair[pair]],
    config.thresholds,
    (pair) => patternMayLink[table.patternOfPair[pair]],
  );
  const clustering = clusterRecords({
    recordCount: records.length,
    identifiersOf: (record) => identifiersInColumns(columns, record),
    rules: config.identityRules,
    links: [...manualLinks(constraints.mustLink, indexOf), ...identifierLinks(columns, config.identityRules), ...scored.links],
    cannotLink: (constraints.cannotLink ?? []).map(([a, b]) => [indexOf(a), indexOf(b)] as const),
  });
  const clusterMs = clock();

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
    explain: (leftId, rightId) => explainMatch(records[indexOf(leftId)], records[indexOf(rightId)], model, config),
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
