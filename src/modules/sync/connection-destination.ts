import { readlink, realpath } from 'node:fs/promises';
import path from 'node:path';
import { ConnectorError, HttpClient, type ConnectorConfig, type ConnectorContext, type ConnectorSpec } from '../../../connectors/sdk';
import { HubError } from '../../errors/hub-error';
import { hostOfUrl, RefusedAddressError, refusedHostReason } from '../../platform/address-guard';
import { guardedFetch } from '../../platform/guarded-fetch';

/**
 * Where a connection may send its credentials and read its files. The connector spec marks the fields that
 * decide it (`destination`: url, host, folder, region); this file checks them when a connection is saved and again
 * when it connects, so a connector never reaches a private address or a folder outside the import root.
 */
export interface ConnectionDestinationPolicy {
  /** HUB_CONNECTOR_ALLOW_PRIVATE: plain http and private, loopback and link-local hosts are allowed (tests, `hub emulate`). */
  allowPrivate: boolean;
  /** HUB_IMPORT_ROOT (default `<data dir>/imports`): the only folder tree file connectors read, absolute. */
  importRoot: string;
}

const MAX_URL_LENGTH = 2048;
const ADDRESS_REFUSED = 'CONNECTOR_ADDRESS_REFUSED';
/** The one answer for a folder outside the root: it says nothing about whether the path exists. */
export const FOLDER_OUTSIDE_ROOT = 'the folder must lie under the import root (HUB_IMPORT_ROOT); name it relative to that root';

/** Whether a connection may reach private addresses: the hub's setting, or the mark only the built-in demo's loader sets on its emulator connections. */
function privateAllowed(policy: ConnectionDestinationPolicy, demoEmulator: boolean): boolean {
  return policy.allowPrivate || demoEmulator;
}

/**
 * Checks a config's destination fields before it is saved: URLs are http(s) without credentials and, unless
 * private targets are allowed, https to hosts that resolve to public addresses only; a host is a bare name;
 * a folder lies under the import root. A field left at its spec default (the platform's own API) passes.
 */
export async function checkDestinations(spec: ConnectorSpec, config: Record<string, unknown>, policy: ConnectionDestinationPolicy, demoEmulator = false): Promise<void> {
  for (const field of spec.fields) {
    const value = config[field.name];
    // A region names hosts the connector itself holds (the platform's own, public); the connector rejects unknown names.
    if (!field.destination || field.destination === 'region' || typeof value !== 'string' || value === field.default) continue;
    const bad = (why: string) => new HubError('BAD_USER_INPUT', `Config field ${field.name} rejected: ${why}`);
    if (field.destination === 'folder') {
      if (!lexicallyInside(policy.importRoot, value)) throw bad(`${FOLDER_OUTSIDE_ROOT}.`);
      continue;
    }
    const url = field.destination === 'host' ? hostAsUrl(value, bad) : parseUrl(value, bad);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad(`the scheme must be https (not ${url.protocol.replace(':', '')}).`);
    if (url.username || url.password) throw bad('it holds credentials; put them in the secret fields instead.');
    if (privateAllowed(policy, demoEmulator)) continue;
    if (url.protocol !== 'https:') throw bad('the scheme must be https; plain http is allowed only with HUB_CONNECTOR_ALLOW_PRIVATE=true (tests and emulators).');
    const host = hostOfUrl(url);
    const refused = await refusedHostReason(host).catch((error: NodeJS.ErrnoException) => {
      throw bad(`its host ${host} does not resolve (${error.code ?? error.message}).`);
    });
    if (refused) throw bad(`its host is or resolves to a private or reserved address (${refused}); set HUB_CONNECTOR_ALLOW_PRIVATE=true only for tests and emulators.`);
  }
}

function parseUrl(raw: string, bad: (why: string) => HubError): URL {
  if (raw.length > MAX_URL_LENGTH) throw bad(`it is longer than ${MAX_URL_LENGTH} characters.`);
  try {
    return new URL(raw);
  } catch {
    throw bad('it is not an absolute URL such as https://api.example.com.');
  }
}

function hostAsUrl(raw: string, bad: (why: string) => HubError): URL {
  const url = URL.canParse(`https://${raw}`) ? new URL(`https://${raw}`) : undefined;
  if (!url || url.host !== raw.toLowerCase() || url.port !== '') throw bad('it must be a bare host name such as my-store.myshopify.com.');
  return url;
}

/** The names of the spec's destination fields whose value differs between two configs. */
export function changedDestinations(spec: ConnectorSpec, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return spec.fields.filter((field) => field.destination && (before[field.name] ?? field.default) !== (after[field.name] ?? field.default)).map((field) => field.name);
}

/**
 * The context a connector runs with: its HTTP clients send through a fetch that refuses non-https and
 * private addresses at every connection (DNS rebinding included), unless private targets are allowed.
 */
export function connectorContext(policy: ConnectionDestinationPolicy, demoEmulator: boolean, extra: (options: ConstructorParameters<typeof HttpClient>[0]) => ConstructorParameters<typeof HttpClient>[0], signal?: AbortSignal): ConnectorContext {
  const send = privateAllowed(policy, demoEmulator) ? undefined : refusingFetch();
  return { http: (options) => new HttpClient({ ...extra(options), ...(send && { fetch: send }) }), ...(signal && { signal }) };
}

let sharedFetch: typeof fetch | undefined;

/** One guarded fetch per process (its connection pool is shared); a refusal becomes BAD_CONFIG: no retry helps, a person must fix the address. */
function refusingFetch(): typeof fetch {
  const guarded = (sharedFetch ??= guardedFetch(ADDRESS_REFUSED));
  return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    try {
      return await guarded(input, init);
    } catch (error) {
      if (error instanceof RefusedAddressError) throw new ConnectorError('BAD_CONFIG', `the connection's host was not reached: ${error.message}; connectors reach public https addresses only`);
      throw error;
    }
  }) as typeof fetch;
}

/**
 * The config a connector is handed: each folder field resolved against the import root to the real path
 * of a folder inside it. A relative folder is read under the root; `..`, an absolute path elsewhere or a
 * symlink leading out are refused with FOLDER_OUTSIDE_ROOT, which says nothing about what exists there.
 */
export async function resolveFolders(spec: ConnectorSpec, config: ConnectorConfig, importRoot: string): Promise<ConnectorConfig> {
  const resolved = { ...config };
  for (const field of spec.fields) {
    const value = config[field.name];
    if (field.destination !== 'folder' || typeof value !== 'string' || value.trim() === '') continue;
    resolved[field.name] = await realFolderUnder(importRoot, value.trim());
  }
  return resolved;
}

function lexicallyInside(root: string, folder: string): boolean {
  return isInside(path.resolve(root), path.resolve(root, folder.trim()));
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

async function realFolderUnder(importRoot: string, folder: string): Promise<string> {
  const outside = () => new ConnectorError('BAD_CONFIG', FOLDER_OUTSIDE_ROOT);
  const root = await realpath(importRoot).catch(() => {
    throw new ConnectorError('BAD_CONFIG', `the import root ${importRoot} does not exist: create it and put the exports under it`);
  });
  const wanted = path.resolve(importRoot, folder);
  if (!lexicallyInside(importRoot, folder)) throw outside();
  // The deepest part of the path that exists, resolved with its symlinks: it must stay inside the root too.
  let existing = wanted;
  let real: string | undefined;
  while (real === undefined) {
    real = await realpath(existing).catch(() => undefined);
    if (real === undefined) {
      // A symlink that resolves nowhere (dangling, or a loop) must not point out either: "does not exist" would tell about the outside.
      if (await leadsOut(existing, [importRoot, root])) throw outside();
      const parent = path.dirname(existing);
      if (parent === existing) throw outside();
      existing = parent;
    }
  }
  if (!isInside(root, real)) throw outside();
  return existing === wanted ? real : path.join(real, path.relative(existing, wanted));
}

/** Whether a chain of symlinks starting at `link` names a place outside every given root (a link that is not one leads nowhere). */
async function leadsOut(link: string, roots: string[]): Promise<boolean> {
  let current = link;
  for (let hops = 0; hops < 40; hops++) {
    const target = await readlink(current).catch(() => undefined);
    if (target === undefined) return false;
    current = path.resolve(path.dirname(current), target);
    if (!roots.some((root) => isInside(root, current))) return true;
  }
  return false;
}
