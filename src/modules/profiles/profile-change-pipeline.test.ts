import { describe, expect, it } from 'vitest';
import type { SqlExecutor } from '../../platform/database/database';
import { ProfileChangePipeline, type ProfileChangeStage, type ProfileChangeStageName } from './profile-change-pipeline';
import { profileChange } from './profile-changes';

const tx = {} as SqlExecutor;

/** A stage that records the segment moves it saw and adds one of its own. */
function recording(name: ProfileChangeStageName, seen: string[][]): { name: ProfileChangeStageName; stage: ProfileChangeStage } {
  return {
    name,
    stage: {
      async apply(_tx, change) {
        seen.push(change.segments.map((move) => move.segmentId));
        return { ...change, segments: [...change.segments, { segmentId: name, profileId: 'p', change: 'entered' }] };
      },
    },
  };
}

describe('ProfileChangePipeline', () => {
  it('passes each stage what the stages before it made of the change, in the order it was given', async () => {
    const seen: string[][] = [];
    const pipeline = new ProfileChangePipeline([recording('computed-traits', seen), recording('segments', seen), recording('outbox', seen)]);
    const result = await pipeline.run(tx, profileChange({ changed: ['p'] }));
    expect(seen).toEqual([[], ['computed-traits'], ['computed-traits', 'segments']]);
    expect(result.segments.map((move) => move.segmentId)).toEqual(['computed-traits', 'segments', 'outbox']);
  });

  it('starts at the named stage for a producer that did the stages before it itself', async () => {
    const seen: string[][] = [];
    const pipeline = new ProfileChangePipeline([recording('computed-traits', seen), recording('segments', seen), recording('outbox', seen)]);
    await pipeline.run(tx, profileChange({}), { from: 'outbox' });
    expect(seen).toEqual([[]]);
  });

  it('refuses to be built without every stage, or with one twice', () => {
    const seen: string[][] = [];
    expect(() => new ProfileChangePipeline([recording('computed-traits', seen), recording('outbox', seen)])).toThrow(/needs each of computed-traits, segments, outbox once/);
    expect(() => new ProfileChangePipeline([recording('segments', seen), recording('segments', seen), recording('outbox', seen)])).toThrow(/once/);
  });
});
