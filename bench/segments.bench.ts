import { loadConfig } from '../src/config';
import { profileChange } from '../src/modules/profiles';
import type { SegmentConditionInput } from '../src/modules/segments';
import { createLogger } from '../src/platform/logger';
import { createServices } from '../src/app/services';
import { createBenchDatabase } from './support/bench-database';
import { goal, type BenchResult } from './support/bench-result';
import type { BenchSettings } from './support/bench-settings';
import { median, percentile, timed } from './support/sample-stats';
import { writeSegmentPopulation } from './support/segment-population';

const DAY_MS = 86_400_000;
const ROUNDS = 15;
const WARMUP_ROUNDS = 2;
const CHANGES = 300;
// Issue 6: a three-condition count with an event window within 1.5x a hand-written query and 100 ms;
// a profile change updates its memberships in 5 ms (median).
const GOAL_RATIO = 1.5;
const GOAL_COUNT_MS = 100;
const GOAL_CHANGE_MS = 5;

/** Members in Shanghai, gold or platinum, with two orders or more in the last 90 days. */
const DEFINITION: SegmentConditionInput = {
  all: [
    { trait: { key: 'city', op: 'EQ', value: 'Shanghai' } },
    { trait: { key: 'tier', op: 'IN', value: ['gold', 'platinum'] } },
    { event: { type: 'order', withinDays: 90, count: { gte: 2 } } },
  ],
};

/** The same predicate as an engineer would write it by hand for this store. */
const HAND_WRITTEN = `
  select count(*) as count from profiles p
   where p.merged_into_id is null
     and exists (select 1 from traits t where t.profile_id = p.id and t.key = 'city' and t.value_text = 'Shanghai')
     and exists (select 1 from traits t where t.profile_id = p.id and t.key = 'tier' and t.value_text in ('gold', 'platinum'))
     and p.id in (select e.profile_id from events e where e.type = 'order' and e.occurred_at >= $1 group by e.profile_id having count(*) >= 2)`;

/** Saved segments a store keeps current while profiles change: what each change re-evaluates. */
const SAVED: SegmentConditionInput[] = [
  DEFINITION,
  { trait: { key: 'tier', op: 'EQ', value: 'platinum' } },
  { trait: { key: 'points', op: 'GTE', value: 4000 } },
  { event: { type: 'order', withinDays: 30 } },
  { event: { type: 'order', sumAmount: { gte: 1500 } } },
  { event: { type: 'interaction', withinDays: 90, where: [{ key: 'kind', op: 'EQ', value: 'comment' }], count: { gte: 2 } } },
  { any: [{ trait: { key: 'city', op: 'IN', value: ['Beijing', 'Shanghai'] } }, { event: { type: 'interaction', where: [{ key: 'channel', op: 'EQ', value: 'weibo' }] } }] },
  { not: { event: { type: 'order', withinDays: 365 } } },
  { all: [{ trait: { key: 'tier', op: 'IN', value: ['silver', 'gold'] } }, { event: { type: 'order', count: { gte: 3, lte: 5 } } }] },
  { event: { type: 'interaction', where: [{ key: 'kind', op: 'IN', value: ['share', 'message'] }], count: { gte: 1 } } },
];

/**
 * Segments on a generated store of BENCH_SEGMENT_PROFILES profiles (1M by default) in a database of its own:
 * the count of a three-condition segment with an event window, DSL-compiled (validation, compilation and the
 * statement, as previewSegment runs it) against a hand-written query of the same predicate, alternating,
 * medians of 15 runs; and the incremental update of ten saved segments' memberships for one changed profile,
 * against an empty transaction on the same connection pool.
 */
export async function runSegmentsBenchmark(settings: BenchSettings): Promise<BenchResult> {
  const bench = await createBenchDatabase(settings.adminUrl);
  try {
    const config = loadConfig({ DATABASE_URL: bench.url, HUB_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent' });
    const services = createServices(config, bench.database, createLogger('silent'));
    const now = new Date();
    const loadStarted = performance.now();
    const population = await writeSegmentPopulation(bench.database, settings.segmentProfiles, settings.seed, now);
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const dsl = async () => services.segmentPreview.count(await services.segmentPreview.prepare(DEFINITION));
    // The same memory as the DSL's statements get (SegmentPreviewService.withSegmentMemory).
    const hand = async () =>
      Number((await services.segmentPreview.withSegmentMemory((tx) => tx.query<{ count: string }>(HAND_WRITTEN, [new Date(Date.now() - 90 * DAY_MS)])))[0].count);
    const [dslCount, handCount] = [await dsl(), await hand()];
    if (dslCount !== handCount) throw new Error(`segments benchmark is invalid: the DSL counts ${dslCount}, the hand-written query ${handCount}`);
    const dslMs: number[] = [];
    const handMs: number[] = [];
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      const [dslTime, handTime] = [await timed(dsl), await timed(hand)];
      if (round >= WARMUP_ROUNDS) (dslMs.push(dslTime), handMs.push(handTime));
    }

    const savedStarted = performance.now();
    for (const [index, definition] of SAVED.entries()) await services.segments.create({ name: `bench ${index + 1}`, definition });
    const savedSeconds = (performance.now() - savedStarted) / 1000;
    const changeMs: number[] = [];
    const withComputedMs: number[] = [];
    const emptyMs: number[] = [];
    for (let change = 0; change < CHANGES; change++) {
      const profileId = population.ids[Math.floor((change * 7919) % population.ids.length)];
      changeMs.push(await timed(() => bench.database.transaction((tx) => services.profileChanges.run(tx, profileChange({ changed: [profileId], computed: [profileId] }), { from: 'segments' }))));
      // What ingestion runs per change: the profile's computed traits recomputed from its events, then the segments.
      withComputedMs.push(await timed(() => bench.database.transaction((tx) => services.profileChanges.run(tx, profileChange({ changed: [profileId] })))));
      emptyMs.push(await timed(() => bench.database.transaction((tx) => tx.query('select 1'))));
    }
    const [{ memberships }] = await bench.database.query<{ memberships: number }>('select count(*)::int as memberships from segment_memberships');

    const [dslMedian, handMedian, changeMedian, emptyMedian] = [median(dslMs), median(handMs), median(changeMs), median(emptyMs)];
    return {
      name: 'segments',
      title: `segment count and membership upkeep on ${population.profiles.toLocaleString('en-US')} generated profiles (${population.traits.toLocaleString('en-US')} traits, ${population.events.toLocaleString('en-US')} events)`,
      rows: [
        { label: 'three-condition segment, DSL (previewSegment count)', figures: { 'median ms': dslMedian, 'p90 ms': percentile(dslMs, 0.9), count: dslCount } },
        { label: 'the same predicate, hand-written SQL', figures: { 'median ms': handMedian, 'p90 ms': percentile(handMs, 0.9), count: handCount } },
        { label: `one profile changed: memberships of ${SAVED.length} saved segments`, figures: { 'median ms': changeMedian, 'p90 ms': percentile(changeMs, 0.9) } },
        { label: 'the same change with computed traits recomputed first', figures: { 'median ms': median(withComputedMs), 'p90 ms': percentile(withComputedMs, 0.9) } },
        { label: 'an empty transaction (begin, select 1, commit)', figures: { 'median ms': emptyMedian, 'p90 ms': percentile(emptyMs, 0.9) } },
      ],
      ratio: { description: 'DSL count time / hand-written time (medians)', value: dslMedian / handMedian },
      goals: [
        goal('DSL count vs hand-written SQL, time ratio', dslMedian / handMedian, '<', GOAL_RATIO, 'x'),
        goal('DSL count of a three-condition segment with an event window', dslMedian, '<', GOAL_COUNT_MS, ' ms'),
        goal('membership update per profile change, median', changeMedian, '<', GOAL_CHANGE_MS, ' ms'),
      ],
      notes: [
        `store written in ${loadSeconds.toFixed(1)} s (COPY, then VACUUM ANALYZE); ${SAVED.length} saved segments evaluated whole in ${savedSeconds.toFixed(1)} s, ${memberships.toLocaleString('en-US')} memberships`,
        `medians of ${ROUNDS} alternating runs after ${WARMUP_ROUNDS} warm-up runs; ${CHANGES} profile changes, each next to an empty transaction`,
      ],
      details: { population: { profiles: population.profiles, traits: population.traits, events: population.events }, dslMs, handMs, changeMs, withComputedMs, emptyMs, dslCount, memberships },
    };
  } finally {
    if (settings.keepDatabase) {
      await bench.database.close();
      process.stdout.write(`kept database ${bench.name} (BENCH_KEEP_DATABASE=1)\n`);
    } else {
      await bench.drop();
    }
  }
}
