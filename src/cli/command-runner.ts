import { debugRequested, loadConfig, type HubConfig } from '../config';
import { exitCodeFor, HubError } from '../errors/hub-error';
import { createLogger, lineDestination, type LogFormat, type Logger } from '../platform/logger';
import type { HubRuntime } from '../app/runtime';
import { writeStderrLine } from './stderr-lines';

export interface CommandEnvironment {
  config: HubConfig;
  logger: Logger;
}

let logFormat: LogFormat | undefined;

/** The global --log-format; left unset: text on a terminal, JSON otherwise. */
export function setLogFormat(format: LogFormat | undefined): void {
  logFormat = format;
}

/**
 * The CLI's logger on stderr. On a terminal its lines go through writeStderrLine, so a live progress line is never
 * written into; elsewhere (pipes, CI, a log collector) pino writes to stderr itself.
 */
function cliLogger(config: HubConfig): Logger {
  const format = logFormat ?? (process.stderr.isTTY ? 'text' : 'json');
  if (!process.stderr.isTTY && format === 'json') return createLogger(config.logLevel);
  return createLogger(config.logLevel, lineDestination(format, writeStderrLine));
}

/**
 * Runs a command's body with validated config and maps what it throws to the CLI's exit codes:
 * 0 ok, 1 failure, 2 bad usage or configuration. Messages go to stderr, results to stdout.
 */
export async function runCommand(body: (environment: CommandEnvironment) => Promise<number | void>): Promise<void> {
  await runWithoutConfig(() => {
    const config = loadConfig();
    return body({ config, logger: cliLogger(config) });
  });
}

/** The same exit codes for a command that works on files only (`hub resolve`): no config, no data dir, no store. */
export async function runWithoutConfig(body: () => Promise<number | void>): Promise<void> {
  let exitCode: number;
  try {
    exitCode = (await body()) ?? 0;
  } catch (error) {
    process.stderr.write(`hub: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!(error instanceof HubError) && debugRequested()) process.stderr.write(`${(error as Error).stack}\n`);
    exitCode = exitCodeFor(error);
  }
  process.exitCode = exitCode;
}

/**
 * Opens the store (and the services on it). Its modules (MikroORM, every entity, the queue) take a second
 * or more to load, so they are loaded here, by the commands that use them, and not by `hub resolve` or `--help`.
 */
export async function openRuntime(config: HubConfig, logger: Logger, options: { migrate: boolean }): Promise<HubRuntime> {
  const { openHub } = await import('../app/runtime.ts');
  return openHub(config, logger, options);
}

/** Opens the store for a one-shot command and always closes it (and the embedded server) afterwards. */
export async function withHub<T>(environment: CommandEnvironment, options: { migrate: boolean }, body: (runtime: HubRuntime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(environment.config, environment.logger, options);
  try {
    return await body(runtime);
  } finally {
    await runtime.close();
  }
}
