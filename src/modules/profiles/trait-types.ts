import type { ConnectorSpec, TraitType } from '../../../connectors/sdk';
import { TRAIT_FIELDS } from '../../../connectors/sdk/records';

/**
 * The trait type registry, pure: each trait key's type and where it comes from. Canonical fields and the
 * shipped connectors declare theirs; any other key is inferred from the values it has had, and is a number only
 * while every one of them is a plain number. Codes and identifiers are text, so they never lose a digit or a
 * leading zero.
 */

export type TraitOrigin = 'canonical' | 'connector' | 'inferred';
/** What inference can conclude: a key is a number while every value seen is a plain number, text otherwise. */
export type InferredTraitType = Extract<TraitType, 'number' | 'text'>;

export interface TraitDefinition {
  key: string;
  type: TraitType;
  origin: TraitOrigin;
  /** The connectors that declare the key (origin `connector`). */
  connectors: string[];
  description?: string;
}

/** Every canonical field that becomes a trait has a type: a new field must say which. */
const CANONICAL_TRAIT_TYPES: Record<(typeof TRAIT_FIELDS)[number], TraitType> = {
  first_name: 'text',
  last_name: 'text',
  full_name: 'text',
  email: 'text',
  phone: 'text',
  wechat_unionid: 'text',
  wechat_openid: 'text',
  street: 'text',
  city: 'text',
  state: 'text',
  postcode: 'text',
  country: 'text',
  date_of_birth: 'date',
  gender: 'text',
  company: 'text',
  street_number: 'text',
  address_line2: 'text',
  national_id: 'text',
  nickname: 'text',
};

// At most 15 significant digits: what a double holds exactly. A longer run of digits is a card, an account or a
// tracking number, never a quantity, and would lose its last digits as a number.
const MAX_NUMBER_DIGITS = 15;
const PLAIN_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
/** What a numeric key's text value must look like to be read as a number (leading zeros allowed: the key is declared a number). */
const NUMERIC_TEXT = /^-?[0-9]+(\.[0-9]+)?$/;

const digitCount = (text: string) => text.replace(/[^0-9]/g, '').length;

/**
 * Whether a value is a plain number: a JSON number, or a string of digits with an optional minus and fraction,
 * no leading zero ("0" and "0.5" are plain, "007" and "0123456" are not), at most 15 digits.
 */
export function isPlainNumber(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && PLAIN_NUMBER.test(value) && digitCount(value) <= MAX_NUMBER_DIGITS;
}

/** The type of a key that nothing declares, from the values seen: number when every one is a plain number. */
export function inferTraitType(values: Iterable<unknown>): InferredTraitType {
  let seen = false;
  for (const value of values) {
    if (value === null || value === undefined || value === '') continue;
    if (!isPlainNumber(value)) return 'text';
    seen = true;
  }
  return seen ? 'number' : 'text';
}

/** Inferred types only widen: a key that has had one value that is not a plain number stays text. */
export function widerOf(a: InferredTraitType, b: InferredTraitType): InferredTraitType {
  return a === 'text' || b === 'text' ? 'text' : 'number';
}

/**
 * The declared definitions: the canonical fields, then the connectors' declarations. Two connectors may
 * declare one key (WeCom and WeChat both have `tags`) only with one type; the canonical fields cannot be
 * re-declared with another.
 */
export function declaredTraits(specs: Iterable<Pick<ConnectorSpec, 'type' | 'traits'>>): Map<string, TraitDefinition> {
  const declared = new Map<string, TraitDefinition>(
    Object.entries(CANONICAL_TRAIT_TYPES).map(([key, type]) => [key, { key, type, origin: 'canonical', connectors: [] }]),
  );
  for (const spec of specs) {
    for (const trait of spec.traits ?? []) {
      const known = declared.get(trait.key);
      if (known && known.type !== trait.type) {
        throw new Error(`connector ${spec.type} declares trait '${trait.key}' as ${trait.type}, but ${known.origin === 'canonical' ? 'the canonical field' : known.connectors.join(', ')} says ${known.type}`);
      }
      if (known?.origin === 'canonical') continue;
      declared.set(trait.key, { key: trait.key, type: trait.type, origin: 'connector', connectors: [...(known?.connectors ?? []), spec.type], description: known?.description ?? trait.description });
    }
  }
  return declared;
}

/** A key's definition: declared, else inferred from the values stored, else (a key nothing holds) text. */
export class TraitTypes {
  constructor(
    private readonly declared: ReadonlyMap<string, TraitDefinition>,
    private readonly inferred: ReadonlyMap<string, InferredTraitType>,
  ) {}

  definitionOf(key: string): TraitDefinition {
    const declared = this.declared.get(key);
    if (declared) return declared;
    return { key, type: this.inferred.get(key) ?? 'text', origin: 'inferred', connectors: [] };
  }

  typeOf(key: string): TraitType {
    return this.definitionOf(key).type;
  }

  /** Every declared key and every key the store has had values of, by key. */
  definitions(): TraitDefinition[] {
    const keys = new Set([...this.declared.keys(), ...this.inferred.keys()]);
    return [...keys].sort().map((key) => this.definitionOf(key));
  }
}

/** A trait value as the store keeps it under its key's type, with the number a numeric key compares by. */
export interface TypedTraitValue {
  value: string | number | boolean | null;
  /** The number as text (exact, never through a double): for value_number. Undefined when the value is no number. */
  number?: string;
  /** What text comparisons and the (key, value_text) index see: what the source wrote. */
  text: string | null;
}

/**
 * A value under its key's type. A numeric key keeps numbers whatever JSON type the source used ("10000" from a
 * CSV is 10000; a value that is no number stays as it was and compares as no number); a boolean key reads
 * "true"/"false"; anything else is kept as given.
 */
export function typedTraitValue(value: string | number | boolean | null, type: TraitType): TypedTraitValue {
  if (value === null) return { value, text: null };
  if (type === 'number') {
    if (typeof value === 'number') return { value, number: String(value), text: String(value) };
    if (typeof value === 'string' && NUMERIC_TEXT.test(value)) {
      // Beyond 15 digits the JSON value keeps the text; the stored number (numeric) is exact either way.
      return { value: digitCount(value) <= MAX_NUMBER_DIGITS ? Number(value) : value, number: value, text: value };
    }
  }
  if (type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value)) {
    const flag = value.toLowerCase() === 'true';
    return { value: flag, text: String(flag) };
  }
  return { value, text: String(value) };
}
