/**
 * A rejected row as sync_rejections can keep it. The row was rejected, often for holding what PostgreSQL
 * refuses (NUL, a lone surrogate), so it is made storable before it is kept: those characters become U+FFFD,
 * and a row larger than MAX_RAW_BYTES as JSON is kept as the start of its JSON text. A rejection must never
 * fail the batch that reports it.
 */

const MAX_RAW_BYTES = 64 * 1024;
const MAX_REASON = 2000;
const UNSTORABLE = /\u0000|[\ud800-\udfff]/gu;

function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\ufffd');
}

/** The row's JSON text, storable as jsonb. */
export function storableRaw(raw: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(storableValue(raw ?? null, 0)) ?? 'null';
  } catch {
    json = JSON.stringify({ unserializable: Object.prototype.toString.call(raw) });
  }
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= MAX_RAW_BYTES) return json;
  return JSON.stringify({ truncated: true, bytes, start: storableText([...json].slice(0, 2000).join('')) });
}

// Keys as well as values: JSON.stringify escapes a NUL or lone surrogate in a key, and jsonb refuses the escape.
function storableValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return storableText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (depth > 32) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((item) => storableValue(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), storableValue(item, depth + 1)]));
}

/** The reason, storable as text and bounded. */
export function storableReason(reason: string): string {
  const text = storableText(reason);
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text;
}
