import { jaroWinkler as jaroWinklerByCodePoint } from '@skyra/jaro-winkler';

// Match flags reused across calls: the comparison of millions of candidate pairs must not allocate.
let leftMatched = new Uint8Array(64);
let rightMatched = new Uint8Array(64);

/**
 * Jaro-Winkler similarity in [0, 1], the same number @skyra/jaro-winkler returns (its match window of
 * ⌊max/2⌋ and its prefix bonus of up to 5 characters included), computed on UTF-16 code units without
 * allocating. Text with surrogate pairs, where code units and code points differ, goes to the library.
 */
export function jaroWinkler(a: string, b: string): number {
  const l1 = a.length;
  const l2 = b.length;
  if (hasSurrogate(a) || hasSurrogate(b)) return jaroWinklerByCodePoint(a, b);
  if (l1 > leftMatched.length) leftMatched = new Uint8Array(l1 * 2);
  if (l2 > rightMatched.length) rightMatched = new Uint8Array(l2 * 2);
  leftMatched.fill(0, 0, l1);
  rightMatched.fill(0, 0, l2);

  const window = Math.floor(Math.max(l1, l2) / 2);
  let matches = 0;
  for (let i = 0; i < l1; i++) {
    const code = a.charCodeAt(i);
    const end = Math.min(i + window + 1, l2);
    for (let j = Math.max(0, i - window); j < end; j++) {
      if (rightMatched[j] === 0 && b.charCodeAt(j) === code) {
        leftMatched[i] = 1;
        rightMatched[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches <= 0) return 0;

  let halfTranspositions = 0;
  for (let i = 0, j = 0; i < l1; i++) {
    if (leftMatched[i] === 0) continue;
    while (j < l2 && rightMatched[j] === 0) j++;
    // Past the end the library compares with undefined, which never equals a character.
    if (j >= l2 || a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions++;
    j++;
  }
  const transpositions = Math.floor(halfTranspositions / 2);
  const similarity = (matches / l1 + matches / l2 + (matches - transpositions) / matches) / 3;
  const prefixScale = 0.1;
  return similarity + commonPrefix(a, b) * prefixScale * (1 - similarity);
}

// As the library counts it: up to 4 equal leading characters, and 5 when all four agree (positions past
// the end of both strings agree too, since it compares undefined with undefined).
function commonPrefix(a: string, b: string): number {
  for (let p = 0; p < 4; p++) {
    const left = p < a.length ? a.charCodeAt(p) : -1;
    const right = p < b.length ? b.charCodeAt(p) : -1;
    if (left !== right) return p;
  }
  return 5;
}

function hasSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return true;
  }
  return false;
}
