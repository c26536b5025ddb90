import type { IdentityRules, ScopedIdentifier } from './identity-rules';

/**
 * The identifiers of limited types a profile holds, as one flat list: type, value, source, type, value, …
 * A value is held once per type, with the source that brought it last; types and values keep the order they
 * came in, which decides which limit a refused merge reports. A million-record run builds hundreds of
 * thousands of these, so they are plain arrays, and checking a merge allocates nothing.
 */
export type ProfileIdentifiers = string[];

export function limitedIdentifiers(identifiers: readonly ScopedIdentifier[], rules: IdentityRules): ProfileIdentifiers {
  const held: ProfileIdentifiers = [];
  for (const { type, value, source } of identifiers) {
    const rule = rules[type];
    if (rule.maxPerProfile !== undefined || rule.maxPerSource !== undefined) hold(held, type, value, source);
  }
  return held;
}

/** Adds what `absorbed` holds to `kept`. */
export function holdAll(kept: ProfileIdentifiers, absorbed: ProfileIdentifiers): void {
  for (let i = 0; i < absorbed.length; i += 3) hold(kept, absorbed[i], absorbed[i + 1], absorbed[i + 2]);
}

// The union of one type's values of two profiles, reused from check to check.
const unionSources: string[] = [];

/** Why the union of `a` and `b` would break a limit (the first broken one, in `a`'s order of types), or undefined. */
export function limitBroken(a: ProfileIdentifiers, b: ProfileIdentifiers, rules: IdentityRules): string | undefined {
  for (let i = 0; i < a.length; i += 3) {
    const type = a[i] as keyof IdentityRules;
    if (firstOfType(a, type) !== i || firstOfType(b, type) < 0) continue;
    // The union as `a`'s values then `b`'s new ones, a value's source being `b`'s where both hold it.
    unionSources.length = 0;
    for (let j = i; j < a.length; j += 3) {
      if (a[j] !== type) continue;
      const inB = indexOf(b, type, a[j + 1]);
      unionSources.push(inB >= 0 ? b[inB + 2] : a[j + 2]);
    }
    for (let j = 0; j < b.length; j += 3) if (b[j] === type && indexOf(a, type, b[j + 1]) < 0) unionSources.push(b[j + 2]);
    const { maxPerProfile, maxPerSource } = rules[type];
    if (maxPerProfile !== undefined && unionSources.length > maxPerProfile) {
      return `would give the profile ${unionSources.length} ${type} values (limit ${maxPerProfile})`;
    }
    if (maxPerSource === undefined) continue;
    for (let first = 0; first < unionSources.length; first++) {
      const source = unionSources[first];
      if (unionSources.indexOf(source) !== first) continue;
      let count = 0;
      for (const other of unionSources) if (other === source) count++;
      if (count > maxPerSource) return `would give the profile ${count} ${type} values from source '${source}' (limit ${maxPerSource})`;
    }
  }
  return undefined;
}

function hold(held: ProfileIdentifiers, type: string, value: string, source: string): void {
  const at = indexOf(held, type, value);
  if (at >= 0) held[at + 2] = source;
  else held.push(type, value, source);
}

function indexOf(held: ProfileIdentifiers, type: string, value: string): number {
  for (let i = 0; i < held.length; i += 3) if (held[i] === type && held[i + 1] === value) return i;
  return -1;
}

function firstOfType(held: ProfileIdentifiers, type: string): number {
  for (let i = 0; i < held.length; i += 3) if (held[i] === type) return i;
  return -1;
}
