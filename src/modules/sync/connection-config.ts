import type { ConnectorConfig, ConnectorSpec } from '../../../connectors/sdk';
import { HubError } from '../../errors/hub-error';
import type { SecretBox } from '../../platform/secret-box';

/** What the API shows in place of a secret; sent back unchanged in an update, it keeps the stored secret. */
export const REDACTED_SECRET = '••••••';

/**
 * Checks a config against the connector's spec and seals its secret fields for storage. A secret left
 * out of an update keeps its stored value, so clients never need to send (or see) secrets again.
 */
export function sealConfig(spec: ConnectorSpec, input: Record<string, unknown>, box: SecretBox, stored: Record<string, unknown> = {}): Record<string, unknown> {
  const known = new Set(spec.fields.map((field) => field.name));
  const unknown = Object.keys(input).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new HubError('BAD_USER_INPUT', `Unknown config field(s) ${unknown.join(', ')} for ${spec.type}; fields are ${[...known].join(', ')}.`);
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
    sealed[field.name] = field.secret ? box.seal(String(value)) : value;
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
