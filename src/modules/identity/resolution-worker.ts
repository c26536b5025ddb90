import { workerData, type MessagePort } from 'node:worker_threads';
import { HELPER_TASKS, type HelperTaskName } from './helper-tasks';

/**
 * A helper thread of helper-threads.ts: for every task it is sent, takes chunks from the shared counter until
 * none are left, posting each chunk's result (or the error) before counting the chunk as done. Values
 * handed over earlier are part of every later task's payload.
 */
const port = (workerData as { port: MessagePort }).port;
// Values handed over ahead of the tasks that read them.
const handedOver: Record<string, unknown> = {};

type Message = { id: number; name: 'handOver'; key: string; value: unknown } | { id: number; name: HelperTaskName; payload: object; chunks: number; control: Int32Array };

port.on('message', (message: Message) => {
  if (message.name === 'handOver') {
    handedOver[message.key] = message.value;
    return;
  }
  const { id, name, chunks, control } = message;
  const payload = { ...handedOver, ...message.payload };
  let run: ((chunk: number) => unknown) | undefined;
  for (let chunk = Atomics.add(control, 0, 1); chunk < chunks; chunk = Atomics.add(control, 0, 1)) {
    try {
      run ??= (HELPER_TASKS[name] as (payload: unknown) => (chunk: number) => unknown)(payload);
      port.postMessage({ id, chunk, result: run(chunk) });
    } catch (error) {
      port.postMessage({ id, chunk, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }
});
