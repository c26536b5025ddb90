/**
 * What a value of an incoming record may be, so that a bad value costs its own record and never the batch:
 * each limit below is either what the profile store can hold (PostgreSQL text and jsonb refuse NUL and lone
 * surrogates, `events.amount` is numeric(14,2), timestamptz has no year 0) or a bound on what one record may
 * cost (text lengths, event properties' size and depth). The messages quote at most a short prefix of a value.
 */

// In a `u` regex a surrogate pair is one code point: only a lone half matches.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** Characters of a rejected value a message may quote. */
export const QUOTED_PREFIX = 40;
export const MAX_TEXT = 1000;
/** A field or trait value is indexed with its key: PostgreSQL's btree holds at most 2704 bytes an entry. */
export const MAX_TEXT_BYTES = 2000;
export const MAX_TRAIT_KEY = 100;
export const MAX_TRAITS = 500;
/** `events.amount` is numeric(14,2): twelve digits before the point. */
export const MAX_AMOUNT = 999_999_999_999.99;
/** Why a field or trait value cannot be stored, or undefined: textProblem, and at most MAX_TEXT_BYTES as UTF-8. */
export function textValueProblem(value: string, multiline: boolean): string | undefined {
  const bytes = Buffer.byteLength(value, 'utf8');
  return bytes > MAX_TEXT_BYTES ? `is ${bytes} bytes as UTF-8; at most ${MAX_TEXT_BYTES} are stored` : textProblem(value, multiline);
}

/** Event properties, serialized as JSON (UTF-8 bytes), and how deep their objects and arrays may nest. */
export const MAX_PROPERTIES_BYTES = 32 * 1024;
export const MAX_PROPERTIES_DEPTH = 8;
/** Event and update times: a sane window, and well inside what timestamptz holds. */
export const EARLIEST_TIME = new Date('1900-01-01T00:00:00Z');
export const LATEST_TIME = new Date('2100-01-01T00:00:00Z');
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/** A value as a message may show it: its first QUOTED_PREFIX characters (then "…"), control characters escaped. */
export function quoteValue(value: unknown, max = QUOTED_PREFIX): string {
  const text = typeof value === 'string' ? value : safeString(value);
  const chars = [...text];
  const prefix = chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
  return prefix.replace(/[\u0000-\u001f\u007f]|[\ud800-\udfff]/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'object' && value !== null ? (JSON.stringify(value) ?? String(value)) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * Why a text cannot be stored as it is, or undefined. NUL never (PostgreSQL refuses it); lone surrogates never
 * (not Unicode); other C0 control characters and DEL only as tab, line feed or carriage return, and those only
 * in free text (`multiline`: street lines, trait values, event property values), not in names, identifiers or keys.
 */
export function textProblem(value: string, multiline: boolean): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'is not well-formed Unicode (a lone surrogate)';
  const control = /[\u0000-\u001f\u007f]/.exec(value);
  if (!control) return undefined;
  const char = control[0];
  if (multiline && (char === '\t' || char === '\n' || char === '\r')) {
    const other = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(value);
    if (!other) return undefined;
    return controlMessage(other[0]);
  }
  return controlMessage(char);
}

function controlMessage(char: string): string {
  const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return char === '\u0000' ? 'contains a NUL character (U+0000)' : `contains the control character ${code}`;
}

/** Why event properties cannot be stored, or undefined: JSON values only, bounded size and depth, storable text. */
export function propertiesProblem(properties: Record<string, unknown>): string | undefined {
  const problem = jsonValueProblem(properties, 1);
  if (problem) return problem;
  const bytes = Buffer.byteLength(JSON.stringify(properties), 'utf8');
  return bytes > MAX_PROPERTIES_BYTES ? `are ${bytes} bytes as JSON; at most ${MAX_PROPERTIES_BYTES} are stored` : undefined;
}

function jsonValueProblem(value: unknown, depth: number): string | undefined {
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `hold a number that is not finite (${value})`;
  if (typeof value === 'string') {
    const problem = textProblem(value, true);
    return problem && `hold a value that ${problem}`;
  }
  if (typeof value !== 'object') return `hold a ${typeof value}, which is no JSON value`;
  if (depth > MAX_PROPERTIES_DEPTH) return `nest deeper than ${MAX_PROPERTIES_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonValueProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return 'hold an object that is no plain JSON object';
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = textProblem(key, false);
    if (keyProblem) return `hold a key '${quoteValue(key)}' that ${keyProblem}`;
    const problem = jsonValueProblem(item, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** Why `value` (YYYY-MM-DD) is no plausible date of birth, or undefined: a real calendar date, from 1900 to today. */
export function birthDateProblem(value: string, now = new Date()): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return 'must be YYYY-MM-DD';
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return `'${value}' is not a calendar date`;
  if (value < EARLIEST_BIRTH_DATE) return `'${value}' is before ${EARLIEST_BIRTH_DATE}`;
  // Today where the day starts first (UTC+14): a birth today is never refused for the server's time zone.
  const today = new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
  return value > today ? `'${value}' is in the future` : undefined;
}

/** Why a time cannot be an event's or an update's, or undefined. */
export function timeProblem(date: Date): string | undefined {
  if (date < EARLIEST_TIME || date >= LATEST_TIME) return `'${date.toISOString()}' is outside ${EARLIEST_TIME.toISOString().slice(0, 10)} to ${LATEST_TIME.toISOString().slice(0, 10)}`;
  return undefined;
}
