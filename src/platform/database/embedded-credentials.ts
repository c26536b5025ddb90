import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger';

/** The superuser of the embedded server. */
export const EMBEDDED_USER = 'postgres';
/** The password every data directory had before each got its own: an install still using it is rotated at its next start. */
export const LEGACY_PASSWORD = 'hub-embedded';
/** What initdb writes into pg_hba.conf for new data directories, and what rotation puts into old ones. */
export const AUTH_METHOD = 'scram-sha-256';

/** The file (mode 0600) beside `pg/` that holds the embedded superuser's password of this data directory. */
export function passwordFile(dataDir: string): string {
  return path.join(dataDir, 'pg-superuser.password');
}

/** A new data directory's password: 32 random bytes, hex (safe in a URL and in SQL text). */
export function newPassword(): string {
  return randomBytes(32).toString('hex');
}

/** Writes the password file with mode 0600 (re-applied: a umask or an older file may say otherwise). */
export function writePasswordFile(file: string, password: string): void {
  writeFileSync(file, password + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function readPasswordFile(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const password = readFileSync(file, 'utf8').trim();
  return /^[0-9a-f]{64}$/.test(password) ? password : undefined;
}

/**
 * Makes a running embedded server's superuser answer only to this data directory's own password, with
 * scram-sha-256: finds the password that works (the file's, one a crash left half-rotated, or the old
 * constant), and when it is not the file's, sets a random one (kept in `<file>.new` until the server has
 * taken it, so a crash in between loses nothing), then makes every pg_hba.conf line require scram-sha-256.
 * Answers the password to connect with. With `rotate: false` (joining a server this process did not start) it only finds it.
 */
export async function secureSuperuser(options: { dataDir: string; databaseDir: string; port: number; logger: Logger; rotate?: boolean }): Promise<string> {
  const file = passwordFile(options.dataDir);
  const pending = `${file}.new`;
  const candidates = [readPasswordFile(file), readPasswordFile(pending), LEGACY_PASSWORD].filter((value): value is string => value !== undefined);
  let working: string | undefined;
  for (const candidate of candidates) {
    if (await canLogIn(options.port, candidate)) {
      working = candidate;
      break;
    }
  }
  if (working === undefined) throw new Error(`Cannot log in to the embedded PostgreSQL under ${options.databaseDir} with the password in ${file}; restore that file or move the data directory aside.`);
  // A process joining a server another one started leaves rotation to that one's next start: changing the
  // password under it would lock its pool out of new connections.
  if (options.rotate === false) return working;
  let password = working;
  if (working !== readPasswordFile(file)) {
    password = working === LEGACY_PASSWORD ? newPassword() : working;
    if (working === LEGACY_PASSWORD) {
      writePasswordFile(pending, password);
      await withClient(options.port, working, async (client) => {
        await client.query(`set password_encryption = '${AUTH_METHOD}'`);
        await client.query(`alter role ${EMBEDDED_USER} password ${client.escapeLiteral(password)}`);
      });
      options.logger.warn({ passwordFile: file }, 'the embedded PostgreSQL superuser had the password every install shared; it now has a random one of its own');
    }
    writePasswordFile(pending, password);
    renameSync(pending, file);
  }
  if (requireScram(path.join(options.databaseDir, 'pg_hba.conf'))) {
    await withClient(options.port, password, (client) => client.query('select pg_reload_conf()'));
    options.logger.info('the embedded PostgreSQL now asks for scram-sha-256 authentication');
  }
  return password;
}

/** Rewrites pg_hba.conf so every rule authenticates with scram-sha-256 (initdb's `password` sent it in clear); true when it changed. */
function requireScram(hbaFile: string): boolean {
  const text = readFileSync(hbaFile, 'utf8');
  const rewritten = text
    .split('\n')
    .map((line) => (/^\s*(#|$)/.test(line) ? line : line.replace(/\b(trust|password|md5)(\s*)$/, `${AUTH_METHOD}$2`)))
    .join('\n');
  if (rewritten === text) return false;
  // Written in place: the file keeps its owner (the postgres user) and its mode.
  writeFileSync(hbaFile, rewritten);
  return true;
}

async function canLogIn(port: number, password: string): Promise<boolean> {
  try {
    await withClient(port, password, async () => {});
    return true;
  } catch (error) {
    // 28P01 invalid_password; anything else (the server away) is not an answer about the password.
    if ((error as { code?: string }).code === '28P01') return false;
    throw error;
  }
}

async function withClient<T>(port: number, password: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: EMBEDDED_USER, password, database: 'postgres' });
  client.on('error', () => {});
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates the hub's database on the embedded server unless it exists. */
export async function ensureDatabase(port: number, password: string, name: string): Promise<void> {
  await withClient(port, password, async (client) => {
    const { rows } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rows.length === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  });
}
