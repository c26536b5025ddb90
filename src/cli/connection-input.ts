import { readFile } from 'node:fs/promises';
import type { ConnectorSpec } from '../../connectors/sdk';
import { HubError } from '../errors/hub-error';

/** How a `hub connections create|update` was given a config: --config (repeatable) and at most one secrets source. */
export interface ConfigSources {
  config: string[];
  secretsStdin?: boolean;
  secretsFile?: string;
}

export interface ConnectionConfigInput {
  /** The fields given, typed by the spec (numbers and booleans from `key=value` text); undefined when none was. */
  config?: Record<string, unknown>;
  /** Secret fields given on the command line, where shell history and `ps` keep them (the caller warns). */
  secretsOnCommandLine: string[];
}

/**
 * Reads a connection's config from --config values (each a JSON object, as `hub emulate` prints it, or
 * `key=value` pairs) and then the secrets source (stdin or a file: a JSON object or `key=value` lines), later
 * ones over earlier. No value ever goes into a message: errors name fields and positions only.
 */
export async function readConnectionConfig(spec: ConnectorSpec, sources: ConfigSources, stdin: () => Promise<string> = readStdin): Promise<ConnectionConfigInput> {
  if (sources.secretsStdin && sources.secretsFile) throw new HubError('BAD_USER_INPUT', 'Give secrets with --secrets-stdin or --secrets-file, not both.');
  const config: Record<string, unknown> = {};
  let given = false;
  for (const value of sources.config) {
    Object.assign(config, parseFields(spec, value, '--config', undefined));
    given = true;
  }
  const secretFields = new Set(spec.fields.filter((field) => field.secret).map((field) => field.name));
  const secretsOnCommandLine = Object.keys(config).filter((name) => secretFields.has(name));
  if (sources.secretsStdin || sources.secretsFile) {
    const text = sources.secretsFile ? await readSecretsFile(sources.secretsFile) : await stdin();
    Object.assign(config, parseFields(spec, text, sources.secretsFile ? '--secrets-file' : '--secrets-stdin', /\r?\n/));
    given = true;
  }
  return { config: given ? config : undefined, secretsOnCommandLine };
}

/** A JSON object, or `key=value` items (separated by `separator`, else one); `key=value` text is typed by the field's spec. */
function parseFields(spec: ConnectorSpec, text: string, source: string, separator: RegExp | undefined): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return parseJsonObject(trimmed, source);
  const fields: Record<string, unknown> = {};
  for (const item of separator ? trimmed.split(separator) : [text]) {
    if (item.trim() === '' || item.trimStart().startsWith('#')) continue;
    const at = item.indexOf('=');
    if (at <= 0) throw new HubError('BAD_USER_INPUT', `${source} takes a JSON object or key=value pairs; one item has no key=value shape (fields of ${spec.type}: ${spec.fields.map((field) => field.name).join(', ')}).`);
    const name = item.slice(0, at).trim();
    fields[name] = typed(spec, name, item.slice(at + 1), source);
  }
  return fields;
}

function parseJsonObject(text: string, source: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the text around the fault, which may be a secret: only the position is told.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new HubError('BAD_USER_INPUT', `${source} is not valid JSON${position ? ` (at character ${position})` : ''}: give a JSON object in single quotes, or key=value pairs.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HubError('BAD_USER_INPUT', `${source} must be a JSON object of config fields.`);
  return parsed as Record<string, unknown>;
}

/** `key=value` text as the field's type; an unknown field stays text for the service to refuse with the list of fields. */
function typed(spec: ConnectorSpec, name: string, value: string, source: string): unknown {
  const field = spec.fields.find((candidate) => candidate.name === name);
  if (field?.type === 'number') {
    if (value.trim() === '' || !Number.isFinite(Number(value))) throw new HubError('BAD_USER_INPUT', `${source}: config field ${name} must be a number.`, { fields: [name] });
    return Number(value);
  }
  if (field?.type === 'boolean') {
    if (value !== 'true' && value !== 'false') throw new HubError('BAD_USER_INPUT', `${source}: config field ${name} must be true or false.`, { fields: [name] });
    return value === 'true';
  }
  return value;
}

async function readSecretsFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new HubError('BAD_USER_INPUT', `Cannot read --secrets-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('reading secrets from stdin (a JSON object or key=value lines; Ctrl-D ends)\n');
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}
