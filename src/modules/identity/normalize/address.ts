import { foldLatin, hanziToPinyin, hasHanzi } from './text';

export interface AddressFields {
  street?: string;
  street_number?: string;
  address_line2?: string;
  city?: string;
  state?: string;
  postcode?: string;
  country?: string;
}

export interface NormalizedAddress {
  street?: string;
  streetNumber?: string;
  line2?: string;
  city?: string;
  state?: string;
  postcode?: string;
  country?: string;
}

// One spelling per street type and direction, so "Avenue", "Ave." and "ave" agree exactly.
const ABBREVIATIONS: Record<string, string> = {
  street: 'st', str: 'st', avenue: 'ave', av: 'ave', road: 'rd', drive: 'dr', place: 'pl', court: 'ct',
  crescent: 'cres', circuit: 'cct', boulevard: 'blvd', lane: 'ln', terrace: 'tce', parade: 'pde', highway: 'hwy',
  parkway: 'pkwy', square: 'sq', close: 'cl', grove: 'gr', circle: 'cir', apartment: 'apt', suite: 'ste',
  north: 'n', south: 's', east: 'e', west: 'w', northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw',
  floor: 'fl', building: 'bldg', mount: 'mt',
};

// "113th" and "113" are one street: the suffix is spelling, not information.
const ORDINAL = /^(\d+)(?:st|nd|rd|th)$/;
export const DIRECTIONS = new Set(['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw']);

/**
 * Address parts in comparable form. Hanzi are kept as they are: Chinese addresses are compared with
 * Chinese addresses, and pinyin would merge distinct characters (路 lu and 鲁 lu). Cities are the exception.
 */
export function normalizeAddress(fields: AddressFields, readers: AddressPartReaders = ADDRESS_PART_READERS): NormalizedAddress {
  const line = fields.street ? readers.street(fields.street) : undefined;
  let street = line?.text;
  let streetNumber = fields.street_number ? readers.houseNumber(fields.street_number) : undefined;
  if (line?.houseNumber !== undefined && !streetNumber) [streetNumber, street] = [line.houseNumber, line.rest];
  return {
    street,
    streetNumber,
    line2: fields.address_line2 ? readers.addressText(fields.address_line2) : undefined,
    city: fields.city ? readers.city(fields.city) : undefined,
    state: fields.state ? readers.plainText(fields.state) : undefined,
    postcode: fields.postcode ? readers.postcode(fields.postcode) : undefined,
    country: fields.country ? readers.plainText(fields.country) : undefined,
  };
}

/** A street field read on its own: its text, and the house number it holds, if any. */
export interface StreetLine {
  text?: string;
  /** "1" of "1 N Ogden Ave", "613" of 中山路613号. */
  houseNumber?: string;
  /** The street without its house number. */
  rest?: string;
}

/** How each address part is read on its own; a resolution run reads each distinct raw value once. */
export interface AddressPartReaders {
  street(raw: string): StreetLine;
  addressText(raw: string): string | undefined;
  city(raw: string): string | undefined;
  plainText(raw: string): string | undefined;
  houseNumber(raw: string): string | undefined;
  postcode(raw: string): string | undefined;
}

/**
 * "1 N Ogden Ave" or 中山路613号 in one field: the number is the house number, when no field of its own has
 * one. Apart, a street's name is not an address: 中山路613号 and 中山路220号 are two, as are 95 and 167 London Road.
 */
function streetLine(raw: string): StreetLine {
  const text = addressText(raw);
  if (!text) return { text };
  const leading = /^(\d+[a-z]?)\s+(.+)$/.exec(text);
  if (leading) return { text, houseNumber: leading[1], rest: leading[2] };
  // A Chinese street line: the road (路, 街, 道, 大道, 巷, 弄, 胡同), then 613号, perhaps more after it (613号院).
  const chinese = /^(.*\p{Script=Han}(?:路|街|道|巷|弄|胡同|里))\s*(\d+(?:\s*[-之]\s*\d+)?)\s*号/u.exec(text);
  if (chinese) return { text, houseNumber: chinese[2].replace(/\D+/g, '-'), rest: chinese[1] };
  return { text };
}

function plainText(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  return foldLatin(raw).replace(/[^\p{L}\p{N}]+/gu, ' ').trim() || undefined;
}

function addressText(raw: string | undefined): string | undefined {
  const text = plainText(raw);
  if (!text) return undefined;
  return text
    .split(' ')
    .map((word) => ABBREVIATIONS[word] ?? word.replace(ORDINAL, '$1'))
    .join(' ');
}

/**
 * A city written in hanzi as its pinyin in one word, its 市 dropped: 上海, 上海市 and "Shanghai" are one city,
 * as Chinese and English sources write it. Unlike street names, city names do not collide in pinyin.
 */
function city(raw: string): string | undefined {
  if (!hasHanzi(raw)) return addressText(raw);
  const name = raw.replace(/\s+/g, '').replace(/市$/, '');
  return plainText(name.replace(/\p{Script=Han}+/gu, (run) => hanziToPinyin(run).join('')));
}

function houseNumber(raw: string): string | undefined {
  return foldLatin(raw).replace(/[^a-z0-9]/g, '') || undefined;
}

/** Upper case without spaces; a ZIP+4 keeps its five-digit ZIP, which is what most sources send. */
function postcode(raw: string): string | undefined {
  const compact = raw.toUpperCase().replace(/[\s-]/g, '');
  if (/^\d{9}$/.test(compact)) return compact.slice(0, 5);
  return compact || undefined;
}

export const ADDRESS_PART_READERS: AddressPartReaders = { street: streetLine, addressText, city, plainText, houseNumber, postcode };

/**
 * First four characters of the street's name, past any direction ("n ogden ave" → "ogde", "e 113 st" →
 * "113"): the street part of the blocking keys, the same in a run and in the stored keys.
 */
export function streetStem(street: string): string | undefined {
  return street
    .split(' ')
    .find((word) => !DIRECTIONS.has(word))
    ?.slice(0, 4);
}
