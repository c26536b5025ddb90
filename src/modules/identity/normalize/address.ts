import { foldLatin } from './text';

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
 * Chinese addresses, and pinyin would merge distinct characters (路 lu and 鲁 lu).
 */
export function normalizeAddress(fields: AddressFields): NormalizedAddress {
  let street = addressText(fields.street);
  let streetNumber = fields.street_number ? houseNumber(fields.street_number) : undefined;
  // "1 N Ogden Ave" in one field: the leading number is the house number.
  const leadingNumber = street ? /^(\d+[a-z]?)\s+(.+)$/.exec(street) : null;
  if (leadingNumber && !streetNumber) [, streetNumber, street] = leadingNumber;
  return {
    street,
    streetNumber,
    line2: addressText(fields.address_line2),
    city: addressText(fields.city),
    state: plainText(fields.state),
    postcode: fields.postcode ? postcode(fields.postcode) : undefined,
    country: plainText(fields.country),
  };
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

function houseNumber(raw: string): string | undefined {
  return foldLatin(raw).replace(/[^a-z0-9]/g, '') || undefined;
}

/** Upper case without spaces; a ZIP+4 keeps its five-digit ZIP, which is what most sources send. */
function postcode(raw: string): string | undefined {
  const compact = raw.toUpperCase().replace(/[\s-]/g, '');
  if (/^\d{9}$/.test(compact)) return compact.slice(0, 5);
  return compact || undefined;
}
