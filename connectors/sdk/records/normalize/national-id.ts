import { isMasked } from './masked-values';

/** A national id as compared: upper case, without the spaces and hyphens people type into it. */
export function normalizeNationalId(raw: string): string | undefined {
  return raw.toUpperCase().replace(/[\s-]/g, '') || undefined;
}

/** A masked or all-one-digit id (000000) is evidence at most, never an identifier. */
export function isIdentifyingNationalId(nationalId: string): boolean {
  return !isMasked(nationalId) && !/^(.)\1+$/.test(nationalId);
}
