/** A calendar date as compared; months and days are 1-based. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** How to read an all-numeric date with slashes or dots: 03/04/1990 is 3 April (dmy) or March 4 (mdy). */
export type DateOrder = 'dmy' | 'mdy';

const ISO = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[T\s].*)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const SLASHED = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$/;

/** Reads ISO (1990-04-03, 1990年4月3日), compact (19900403) and slashed dates; impossible dates are missing. */
export function normalizeDate(raw: string, order: DateOrder = 'dmy'): CalendarDate | undefined {
  const text = raw.trim();
  let parts: [number, number, number] | undefined;
  const compact = COMPACT.exec(text);
  const iso = ISO.exec(text);
  const slashed = SLASHED.exec(text);
  if (compact) parts = [Number(compact[1]), Number(compact[2]), Number(compact[3])];
  else if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (slashed) {
    const [first, second, year] = [Number(slashed[1]), Number(slashed[2]), Number(slashed[3])];
    parts = order === 'dmy' ? [year, second, first] : [year, first, second];
  }
  if (!parts) return undefined;
  const [year, month, day] = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

export function dateKey(date: CalendarDate): string {
  return `${date.year}${String(date.month).padStart(2, '0')}${String(date.day).padStart(2, '0')}`;
}
