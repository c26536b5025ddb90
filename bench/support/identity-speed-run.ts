import { fork } from 'node:child_process';
import path from 'node:path';
import type { IdentitySpeedSample } from './identity-speed-child';

/** Runs one population size in a fresh process (identity-speed-child.ts) and returns what it measured. */
export function measureIdentitySpeed(records: number, seed: number, threads: number | 'default'): Promise<IdentitySpeedSample> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'identity-speed-child.ts'), [String(records), String(seed), String(threads)], {
      // Only the TypeScript loader: no heap flags, so the engine gets what `hub resolve` gets.
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let sample: IdentitySpeedSample | undefined;
    child.on('message', (message) => (sample = message as IdentitySpeedSample));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (sample) resolve(sample);
      else reject(new Error(`identity-speed child for ${records} records ended (${signal ?? `exit ${code}`}) without figures`));
    });
  });
}
