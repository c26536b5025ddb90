import type { Database } from '../../src/platform/database/database';
import { seededRandom } from './customer-rows';

const DAY_MS = 86_400_000;
const CHUNK = 50_000;
// Shanghai is one profile in ten, as a large city is in a national customer base.
const CITIES = ['Shanghai', 'Beijing', 'Shenzhen', 'Guangzhou', 'Hangzhou', 'Chengdu', 'Wuhan', 'Nanjing', 'Suzhou', 'Xian'];
const TIERS: [string, number][] = [
  ['bronze', 0.5],
  ['silver', 0.8],
  ['gold', 0.95],
  ['platinum', 1],
];
const INTERACTIONS = ['like', 'comment', 'share', 'message'];
const CHANNELS = ['wechat', 'weibo', 'douyin'];

export interface SegmentPopulation {
  profiles: number;
  traits: number;
  events: number;
  /** Ids of the profiles, for per-profile measurements. */
  ids: string[];
}

/**
 * Writes `count` profiles straight into the store (COPY, no ingestion: this measures queries, not loading):
 * each with a city, a membership tier and points, and over the last two years 0-6 orders with amounts and
 * 0-4 social interactions with a kind and a channel. Seeded: the same seed gives the same store.
 */
export async function writeSegmentPopulation(database: Database, count: number, seed: number, now: Date): Promise<SegmentPopulation> {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
  const ids: string[] = [];
  let traits = 0;
  let events = 0;
  for (let start = 0; start < count; start += CHUNK) {
    const profileRows: string[][] = [];
    const traitRows: (string | Date | null)[][] = [];
    const eventRows: (string | Date | null | Record<string, unknown>)[][] = [];
    for (let index = start; index < Math.min(count, start + CHUNK); index++) {
      const id = `prof_bench${String(index).padStart(8, '0')}`;
      ids.push(id);
      profileRows.push([id]);
      const draw = random();
      const tier = TIERS.find(([, upTo]) => draw < upTo)![0];
      for (const [key, value] of [
        ['city', pick(CITIES)],
        ['tier', tier],
        ['points', String(Math.floor(random() * 5000))],
      ]) {
        // As the trait store writes them: points is a numeric key (declared by pos-file), compared by value_number.
        const number = key === 'points' ? value : null;
        traitRows.push([id, key, number === null ? JSON.stringify(value) : number, value, number, 'bench', `srec_${id}`, now, 'most_recent']);
      }
      const occurred = () => new Date(now.getTime() - Math.floor(random() * 730 * DAY_MS));
      for (let order = Math.floor(random() * 7); order > 0; order--) {
        eventRows.push([`evt_${id}_o${order}`, id, `srec_${id}`, 'bench', `o${order}`, 'order', occurred(), (10 + random() * 490).toFixed(2), {}]);
      }
      for (let interaction = Math.floor(random() * 5); interaction > 0; interaction--) {
        eventRows.push([`evt_${id}_i${interaction}`, id, `srec_${id}`, 'bench', `i${interaction}`, 'interaction', occurred(), null, { kind: pick(INTERACTIONS), channel: pick(CHANNELS) }]);
      }
    }
    await database.copyRows('profiles', ['id'], profileRows);
    await database.copyRows('traits', ['profile_id', 'key', 'value', 'value_text', 'value_number', 'source', 'source_record_id', 'observed_at', 'rule'], traitRows);
    await database.copyRows('events', ['id', 'profile_id', 'source_record_id', 'source', 'event_key', 'type', 'occurred_at', 'amount', 'properties'], eventRows);
    traits += traitRows.length;
    events += eventRows.length;
  }
  await database.query('vacuum analyze profiles, traits, events');
  return { profiles: count, traits, events, ids };
}
