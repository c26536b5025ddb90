import type { ConnectorConfig, ConnectorSpec } from '../../../connectors/sdk';
import { HubError } from '../../errors/hub-error';
import type { SecretBox } from '../../platform/secret-box';
import { changedDestinations } from './connection-destination';

/** What the API shows in place of a secret; sent back unchanged in an update, it keeps the stored secret. */
export const REDACTED_SECRET = '••••••';

/**
 * Checks a config against the connector's spec and seals its secret fields for storage. A secret left
 * out of an update keeps its stored value, so clients never need to send (or see) secrets again — unless
 * the update changes a destination field (where the connector sends its requests): stored secrets are
 * never sent to a new destination, so such an update must carry every secret again.
 */
export function sealConfig(spec: ConnectorSpec, input: Record<string, unknown>, box: SecretBox, stored: Record<string, unknown> = {}): Record<string, unknown> {
  const known = new Set(spec.fields.map((field) => field.name));
  const unknown = Object.keys(input).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new HubError('BAD_USER_INPUT', `Unknown config field(s) ${unknown.join(', ')} for ${spec.type}; fields are ${[...known].join(', ')}.`);
  const moved = Object.keys(stored).length > 0 ? changedDestinations(spec, stored, { ...stored, ...input }) : [];
  if (moved.length > 0) {
    const missing = spec.fields.filter((field) => field.secret && (field.required || stored[field.name] !== undefined) && !suppliesSecret(input[field.name])).map((field) => field.name);
    if (missing.length > 0) {
      throw new HubError(
        'BAD_USER_INPUT',
        `Changing ${moved.join(', ')} changes where the connection sends its credentials: send ${missing.join(', ')} again in the same update (stored secrets never go to a new destination).`,
        { fields: missing },
      );
    }
  }
  const sealed: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const keepsStoredSecret = input[field.name] === undefined || input[field.name] === REDACTED_SECRET;
    if (field.secret && keepsStoredSecret && stored[field.name] !== undefined) {
      sealed[field.name] = stored[field.name];
      continue;
    }
    const value = input[field.name] ?? (field.secret ? undefined : stored[field.name]) ?? field.default;
    if (value === undefined || value === '' || (field.secret && value === REDACTED_SECRET)) {
      if (field.required) throw new HubError('BAD_USER_INPUT', `Config field ${field.name} is required for ${spec.type}: ${field.description}`);
      continue;
    }
    if (typeof value !== field.type) throw new HubError('BAD_USER_INPUT', `Config field ${field.name} must be a ${field.type}.`);
    if (field.secret) requireSendableSecret(field.name, String(value));
    sealed[field.name] = field.secret ? box.seal(String(value)) : value;
  }
  return sealed;
}

/**
 * Credentials travel in HTTP headers (or query strings and forms the platform reads as such): a character a header
 * cannot carry (a pasted `…`, a line break, a non-breaking space) would fail every request as a network error.
 * The message names the field and the character, never the value.
 */
function requireSendableSecret(name: string, value: string): void {
  const bad = [...value].find((char) => !HEADER_SAFE.test(char));
  if (bad !== undefined) {
    const codePoint = `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new HubError('BAD_USER_INPUT', `Config field ${name} holds a character HTTP headers cannot carry (${codePoint}): paste the credential exactly as the platform shows it, with no placeholder (…) or line breaks.`, { fields: [name] });
  }
  if (value.trim() !== value) throw new HubError('BAD_USER_INPUT', `Config field ${name} starts or ends with a space or tab: paste the credential without them.`, { fields: [name] });
}

/** Visible ASCII, space and tab: what a header value carries byte for byte. */
const HEADER_SAFE = /^[\t\x20-\x7e]$/;

function suppliesSecret(value: unknown): boolean {
  return value !== undefined && value !== '' && value !== REDACTED_SECRET;
}

/**
 * Seals the secrets a connector handed back during a run (a rotated refresh token). Only fields its spec marks secret:
 * a connector cannot rewrite where it connects or anything else through this door.
 */
export function sealRotatedSecrets(spec: ConnectorSpec, secrets: Record<string, string>, box: SecretBox): Record<string, string> {
  const secretFields = new Set(spec.fields.filter((field) => field.secret).map((field) => field.name));
  const sealed: Record<string, string> = {};
  for (const [name, value] of Object.entries(secrets)) {
    if (!secretFields.has(name)) throw new Error(`connector ${spec.type} handed back ${name}, which is not one of its secret fields`);
    if (typeof value !== 'string' || value === '') throw new Error(`connector ${spec.type} handed back an empty ${name}`);
    sealed[name] = box.seal(value);
  }
  return sealed;
}

/** The config a connector runs with: secrets opened. Never returned by the API or logged. */
export function openConfig(spec: ConnectorSpec, stored: Record<string, unknown>, box: SecretBox): ConnectorConfig {
  const config: ConnectorConfig = {};
  for (const field of spec.fields) {
    const value = stored[field.name];
    if (value === undefined) continue;
    config[field.name] = field.secret ? box.open(String(value)) : (value as string | number | boolean);
  }
  return config;
}

/** The config as the API shows it: secrets reported as set, never their values. */
export function redactConfig(spec: ConnectorSpec, stored: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(spec.fields.filter((field) => stored[field.name] !== undefined).map((field) => [field.name, field.secret ? REDACTED_SECRET : stored[field.name]]));
}
