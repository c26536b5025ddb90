import type { Connector, ConnectorConfig, ConnectorContext, ReadMessage, StreamState } from './connector';
import { HttpClient } from './http-client';

/** A connector context for tests: real HTTP, but retries wait no real time (waits are recorded). */
export function testContext(): ConnectorContext & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    http: (options) => new HttpClient({ timeoutMs: 2_000, ...options, sleep: async (ms) => void waits.push(ms) }),
  };
}

export interface ReadResult {
  records: Record<string, unknown>[];
  rejections: { reason: string; raw: unknown }[];
  states: StreamState[];
  /** Secrets the connector handed back (rotated refresh tokens), in order. */
  secrets: Record<string, string>[];
  /** The last checkpoint: what the next incremental run starts from. */
  finalState: StreamState | undefined;
  /** The totals the connector announced (for progress), in order. */
  totals: number[];
}

/** Reads a whole stream and sorts what came out by kind. */
export async function readAll(connector: Connector, stream: string, config: ConnectorConfig, state?: StreamState, context: ConnectorContext = testContext()): Promise<ReadResult> {
  const result: ReadResult = { records: [], rejections: [], states: [], secrets: [], finalState: state, totals: [] };
  for await (const message of connector.read(stream, config, state, context) as AsyncIterable<ReadMessage>) {
    if (message.type === 'record') result.records.push(message.record);
    else if (message.type === 'rejection') result.rejections.push({ reason: message.reason, raw: message.raw });
    else if (message.type === 'secrets') result.secrets.push(message.secrets);
    else if (message.type === 'total') result.totals.push(message.records);
    else {
      result.states.push(message.state);
      result.finalState = message.state;
    }
  }
  return result;
}
