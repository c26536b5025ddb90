import { fork } from 'node:child_process';
import path from 'node:path';
import type { IdentitySpeedSample } from './identity-speed-child';
import type { FileResolutionSample } from './identity-speed-file-child';

/** Runs one population size in a fresh process (identity-speed-child.ts) and returns what it measured. */
export function measureIdentitySpeed(records: number, seed: number, threads: number | 'default'): Promise<IdentitySpeedSample> {
  return runChild<IdentitySpeedSample>('identity-speed-child.ts', [String(records), String(seed), String(threads)], `identity-speed child for ${records} records`);
}

/** Runs `hub resolve`'s file-to-file path on `input` in a fresh process (identity-speed-file-child.ts). */
export function measureFileResolution(input: string, output: string): Promise<FileResolutionSample> {
  return runChild<FileResolutionSample>('identity-speed-file-child.ts', [input, output], `hub resolve of ${path.basename(input)}`);
}

function runChild<T>(script: string, args: string[], label: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, script), args, {
      // Only the TypeScript loader: no heap flags, so the engine gets what `hub resolve` gets.
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let sample: T | undefined;
    child.on('message', (message) => (sample = message as T));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (sample) resolve(sample);
      else reject(new Error(`${label} ended (${signal ?? `exit ${code}`}) without figures`));
    });
  });
}
