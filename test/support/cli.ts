import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const HUB_BIN = path.resolve(__dirname, '../../bin/hub');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `hub` executable in a child process (in `cwd`), as a user's script would; `stdin` is piped in (else stdin is closed empty). */
export function runHub(args: string[], env: Record<string, string>, stdin?: string, cwd?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HUB_BIN, ...args], { cwd, env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    child.stdin.end(stdin ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts a long-running `hub` command and resolves once stdout matches `ready`. */
export function startHubProcess(args: string[], env: Record<string, string>, ready: RegExp, timeoutMs = 60_000): Promise<{ child: ChildProcess; output: () => string; errors: () => string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HUB_BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((done) => child.on('close', done));
    const timer = setTimeout(() => reject(new Error(`hub ${args.join(' ')} not ready after ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (ready.test(stdout)) {
        clearTimeout(timer);
        resolve({ child, output: () => stdout, errors: () => stderr, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hub ${args.join(' ')} exited with ${code} before it was ready:\n${stdout}\n${stderr}`));
    });
  });
}
