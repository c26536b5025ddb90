import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface ServerProcess {
  url: string;
  pid: number;
  /** The child's counters right now (asked for with SIGUSR2). */
  stats(): Promise<Record<string, unknown>>;
  /** SIGTERM, then the figures the child printed on its way out. */
  stop(): Promise<Record<string, unknown>>;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

// Children still running when the parent is interrupted; only these are ever signalled.
const running = new Set<ChildProcess>();

/**
 * Starts `node -r @swc-node/register bench/support/<entry>` in its own process, so the load client
 * and the server never share a CPU thread, and waits for the URL it announces.
 */
export async function startServerProcess(entry: string, args: string[], options: { cpuProfileDir?: string } = {}): Promise<ServerProcess> {
  const nodeArgs = ['-r', '@swc-node/register'];
  if (options.cpuProfileDir) {
    mkdirSync(options.cpuProfileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`, `--cpu-prof-name=${path.basename(entry, '.ts')}-${Date.now()}.cpuprofile`);
  }
  const child = spawn(process.execPath, [...nodeArgs, path.join('bench', 'support', entry), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (running.delete(child), resolve(code))));
  const messages: Record<string, unknown>[] = [];
  const statsWaiters: ((stats: Record<string, unknown>) => void)[] = [];
  let announced: (message: { url: string }) => void = () => undefined;
  const announcement = new Promise<{ url: string }>((resolve) => (announced = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line);
    } catch {
      process.stderr.write(`[${entry}] ${line}\n`);
      return;
    }
    messages.push(message);
    if (typeof message.url === 'string') announced(message as { url: string });
    if (typeof message.stats === 'object' && message.stats !== null) statsWaiters.shift()?.(message.stats as Record<string, unknown>);
  });

  let timer: NodeJS.Timeout | undefined;
  const started = await Promise.race([
    announcement,
    exited.then((code) => new Error(`${entry} exited with code ${code} before announcing its URL`)),
    new Promise<Error>((resolve) => (timer = setTimeout(() => resolve(new Error(`${entry} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  if (started instanceof Error) {
    child.kill('SIGKILL');
    throw started;
  }
  return {
    url: started.url,
    pid: child.pid!,
    stats() {
      const answer = new Promise<Record<string, unknown>>((resolve) => statsWaiters.push(resolve));
      child.kill('SIGUSR2');
      return answer;
    },
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
      const last = [...messages].reverse().find((message) => typeof message.stats === 'object');
      return (last?.stats as Record<string, unknown>) ?? {};
    },
  };
}

/** For an interrupted run: ends the server children this process started, and nothing else. */
export function killServerProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Runs fn against a fresh server child and always stops it; answers fn's result and the child's own figures. */
export async function withServerProcess<T>(
  entry: string,
  args: string[],
  options: { cpuProfileDir?: string },
  fn: (server: Pick<ServerProcess, 'url' | 'pid' | 'stats'>) => Promise<T>,
): Promise<{ result: T; stats: Record<string, unknown> }> {
  const server = await startServerProcess(entry, args, options);
  let result: T;
  try {
    result = await fn(server);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { result, stats: await server.stop() };
}
