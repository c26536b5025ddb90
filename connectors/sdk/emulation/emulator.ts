import type { ConnectorConfig } from '../connector';
import type { RunningEmulator } from './emulator-server';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** How many people of the synthetic pool the platform knows. */
  customers?: number;
  seed?: number;
}

/** A running platform emulator and the connection config that reaches it (base URL and credentials). */
export interface StartedEmulator extends RunningEmulator {
  config: ConnectorConfig;
}

export type StartEmulator = (options?: EmulatorOptions) => Promise<StartedEmulator>;
