/**
 * Masked values ("138****8000", "j***@qq.com") come from exports that hide part of an identifier.
 * They are evidence — they can agree or disagree with a full value — but never identifiers, since
 * many different people share one mask.
 */
const MASK_RUN = /[*•●]+|(?<=[\d@.])[xX]{2,}(?=[\d@.])|(?<=\d)[xX]{2,}/;

export function isMasked(raw: string): boolean {
  return MASK_RUN.test(raw);
}

/** Visible head and tail around the first mask run; the hidden middle may have any length. */
export function maskParts(masked: string): { head: string; tail: string } {
  const match = MASK_RUN.exec(masked);
  if (!match) return { head: masked, tail: '' };
  return { head: masked.slice(0, match.index), tail: masked.slice(match.index + match[0].length).replace(/[*•●]/g, '') };
}

/** True when `full` could be the value behind `masked`: the visible characters agree. */
export function maskedMatches(masked: string, full: string): boolean {
  return matchesMask(maskParts(masked), full);
}

/** maskedMatches with the mask's parts already taken apart (a run compares one mask with many values). */
export function matchesMask({ head, tail }: { head: string; tail: string }, full: string): boolean {
  return full.length > head.length + tail.length && full.startsWith(head) && full.endsWith(tail);
}
