import { createRequire } from 'node:module';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { HubError } from '../../errors/hub-error';
import { HELPER_TASKS, type HelperTaskName } from './helper-tasks';

// A helper that makes no progress this long has died (it cannot report an exception it never caught).
const STALL_MS = 10 * 60_000;

interface HelperMessage {
  id: number;
  chunk: number;
  result?: unknown;
  error?: string;
}

/** A task handed to the helpers; this thread joins in with `finish`. */
export interface SharedTask<R> {
  /** Takes chunks here until none are left, waits for the helpers', and returns every chunk's result. */
  finish(): Map<number, R>;
  /** Chunks taken so far, by any thread. */
  taken(): number;
}

/**
 * Worker threads that take chunks of a run's heavy steps (normalizing distinct phone numbers, comparing
 * candidate pairs) next to the thread that runs the engine. `resolveRecords` is synchronous, so this thread
 * waits with Atomics.wait and reads the helpers' results with receiveMessageOnPort. Chunks are claimed from a
 * shared counter: a helper that starts late, or runs on a core another process wants, just takes fewer.
 */
export class HelperThreads {
  private tasks = 0;
  private inbox: HelperMessage[] = [];

  private constructor(private readonly helpers: { worker: Worker; port: MessagePort }[]) {}

  /** `count` helpers, or undefined when none can start here. */
  static start(count: number): HelperThreads | undefined {
    if (count < 1) return undefined;
    try {
      return new HelperThreads(Array.from({ length: count }, () => startHelper()));
    } catch {
      return undefined;
    }
  }

  /**
   * Sends the helpers a value that later tasks read (under `key`, merged into their payload), so that they
   * take it in while this thread does other work rather than when the task starts.
   */
  handOver(key: string, value: unknown): void {
    for (const { port } of this.helpers) port.postMessage({ id: 0, name: 'handOver', key, value });
  }

  /**
   * Starts `chunks` chunks of a task on the helpers; `finish` runs the rest here. The helpers get `payload`
   * with what was handed over; this thread runs the task with `payloadHere`, the same values as its own.
   */
  begin<R>(name: HelperTaskName, payload: object, chunks: number, payloadHere: object = payload): SharedTask<R> {
    const id = ++this.tasks;
    // [next chunk to claim, chunks done]
    const control = new Int32Array(new SharedArrayBuffer(8));
    for (const { port } of this.helpers) port.postMessage({ id, name, payload, chunks, control });
    return {
      taken: () => Math.min(Atomics.load(control, 0), chunks),
      finish: () => {
        const run = (HELPER_TASKS[name] as (payload: unknown) => (chunk: number) => R)(payloadHere);
        const results = new Map<number, R>();
        for (let chunk = Atomics.add(control, 0, 1); chunk < chunks; chunk = Atomics.add(control, 0, 1)) {
          results.set(chunk, run(chunk));
          Atomics.add(control, 1, 1);
        }
        this.waitForChunks(control, chunks);
        for (const message of this.receive(id)) {
          if (message.error !== undefined) throw new HubError('INTERNAL', `a resolution helper thread failed: ${message.error}`);
          results.set(message.chunk, message.result as R);
        }
        return results;
      },
    };
  }

  /** This task's messages; those of tasks still running stay for their own `finish`. */
  private receive(task: number): HelperMessage[] {
    for (const { port } of this.helpers) {
      for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) this.inbox.push(received.message as HelperMessage);
    }
    const mine = this.inbox.filter((message) => message.id === task);
    this.inbox = this.inbox.filter((message) => message.id !== task);
    return mine;
  }

  close(): void {
    for (const { worker } of this.helpers) void worker.terminate();
  }

  private waitForChunks(control: Int32Array, chunks: number): void {
    let lastProgress = performance.now();
    for (let done = Atomics.load(control, 1); done < chunks; done = Atomics.load(control, 1)) {
      if (Atomics.wait(control, 1, done, 1000) !== 'timed-out') lastProgress = performance.now();
      else if (performance.now() - lastProgress > STALL_MS) throw new HubError('INTERNAL', 'a resolution helper thread stopped answering; run again');
    }
  }
}

// The helper loads the TypeScript sources the way this process does: through swc when it runs from .ts.
function startHelper(): { worker: Worker; port: MessagePort } {
  const fromSource = __filename.endsWith('.ts');
  const entry = path.join(__dirname, `resolution-worker${fromSource ? '.ts' : '.js'}`);
  const register = fromSource ? createRequire(__filename).resolve('@swc-node/register') : undefined;
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     if (workerData.register) require(workerData.register);
     require(workerData.entry);`,
    { eval: true, execArgv: [], workerData: { entry, register, port: port2 }, transferList: [port2] },
  );
  worker.unref();
  return { worker, port: port1 };
}
