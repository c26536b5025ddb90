/**
 * A few numbers per text from which some comparisons are decided without reading the text: its length, its
 * first character, and which of 32 buckets its characters fall in. Across a million records a candidate
 * pair's texts sit in memory far apart, and most pairs (two strangers born the same day) differ plainly.
 * Every bound here is exact: it only ever answers what the full comparison would answer.
 */
export interface TextSignature {
  /** Length << 16 | first UTF-16 code unit; -1 when no bound may be drawn (surrogate pairs, very long text). */
  lengthAndFirst: number;
  buckets: number;
}

const MAX_LENGTH = 0x7fff;

export function textSignature(text: string): TextSignature {
  let buckets = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return { lengthAndFirst: -1, buckets: 0 };
    buckets |= 1 << bucketOf(code);
  }
  if (text.length > MAX_LENGTH) return { lengthAndFirst: -1, buckets: 0 };
  return { lengthAndFirst: (text.length << 16) | (text.length > 0 ? text.charCodeAt(0) : 0xffff), buckets };
}

/**
 * An upper bound of jaroWinkler(a, b) (jaro-winkler.ts). Characters of one text whose bucket the other text
 * lacks cannot match, so they bound the matches m; transpositions only lower the score; the prefix bonus
 * needs equal first characters. A hair is added against rounding; 1 when a signature allows no bound.
 */
export function jaroWinklerBound(lengthAndFirstA: number, bucketsA: number, lengthAndFirstB: number, bucketsB: number): number {
  if (lengthAndFirstA < 0 || lengthAndFirstB < 0) return 1;
  const lengthA = lengthAndFirstA >>> 16;
  const lengthB = lengthAndFirstB >>> 16;
  const matches = Math.min(lengthA - bitCount(bucketsA & ~bucketsB), lengthB - bitCount(bucketsB & ~bucketsA));
  if (matches <= 0) return 0;
  const jaro = (matches / lengthA + matches / lengthB + 1) / 3;
  const prefix = (lengthAndFirstA & 0xffff) === (lengthAndFirstB & 0xffff) ? 5 : 0;
  return jaro + prefix * 0.1 * (1 - jaro) + 1e-9;
}

/**
 * True when the texts are certainly neither one edit apart nor two adjacent characters swapped: lengths more
 * than one apart, or more than two buckets used by only one of them (a replaced character changes two at most).
 */
export function beyondOneEdit(lengthAndFirstA: number, bucketsA: number, lengthAndFirstB: number, bucketsB: number): boolean {
  if (lengthAndFirstA < 0 || lengthAndFirstB < 0) return false;
  return Math.abs((lengthAndFirstA >>> 16) - (lengthAndFirstB >>> 16)) > 1 || bitCount(bucketsA ^ bucketsB) > 2;
}

function bucketOf(code: number): number {
  return Math.imul(code, 0x9e3779b1) >>> 27;
}

function bitCount(bits: number): number {
  bits -= (bits >>> 1) & 0x55555555;
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
