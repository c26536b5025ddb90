import { afterAll, describe, expect, it } from 'vitest';
import { HelperThreads } from './helper-threads';
import { valueNormalizers } from './normalized-record';
import { resolutionConfig } from './resolution-config';

const config = resolutionConfig();
const helpers = HelperThreads.start(1);
afterAll(() => helpers?.close());

describe('helper threads', () => {
  it('take chunks of a task in a worker thread and hand their results back in order', async () => {
    expect(helpers).toBeDefined();
    const raws = Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? `138****${String(i).padStart(4, '0')}` : `139${String(i).padStart(8, '0')}`));
    const task = helpers!.begin<unknown[]>('normalize', { jobs: [{ field: 'phone', raws }], config, chunkSize: 10 }, 60);
    // This thread waits until the helper has loaded and taken chunks, so the results below came from it.
    for (let waited = 0; task.taken() === 0 && waited < 60_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(task.taken()).toBeGreaterThan(0);
    const chunks = task.finish();
    const results = [...chunks.keys()].sort((a, b) => a - b).flatMap((chunk) => chunks.get(chunk)!);
    expect(results).toEqual(raws.map(valueNormalizers(config).phone));
  });
});
