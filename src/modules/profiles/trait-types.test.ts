import { describe, expect, it } from 'vitest';
import { DECLARED_TRAITS } from './declared-traits';
import { declaredTraits, inferTraitType, isPlainNumber, TraitTypes, typedTraitValue, widerOf } from './trait-types';

describe('the trait type inference rule', () => {
  it.each([['0'], ['7'], ['10000'], ['-2.5'], ['0.5'], ['12.75'], ['999999999999999']])('takes %j for a plain number', (text) => {
    expect(isPlainNumber(text)).toBe(true);
  });

  it.each([
    ['007', 'a leading zero'],
    ['0123456', 'a postcode-like leading zero'],
    ['00123', 'a member number with leading zeros'],
    ['6225880123456789', 'sixteen digits (a card number, more than a double holds)'],
    ['1e5', 'an exponent'],
    [' 10', 'a space'],
    ['1,000', 'a thousands separator'],
    ['+86 138 0013 8000', 'a phone'],
    ['10.', 'a bare point'],
    ['', 'nothing'],
  ])('refuses %j (%s)', (text) => {
    expect(isPlainNumber(text)).toBe(false);
  });

  it('infers a number only when every value seen is a plain number, JSON numbers included', () => {
    expect(inferTraitType(['134', 230, '10000', '9999.5'])).toBe('number');
    expect(inferTraitType(['134', '00123'])).toBe('text');
    expect(inferTraitType([true])).toBe('text');
    expect(inferTraitType(['gold'])).toBe('text');
    expect(inferTraitType([])).toBe('text');
  });

  it('only widens: a numeric key that meets one other value is text from then on', () => {
    expect(widerOf('number', 'number')).toBe('number');
    expect(widerOf('number', 'text')).toBe('text');
    expect(widerOf('text', 'number')).toBe('text');
  });
});

describe('typed trait values', () => {
  it('stores a numeric key as a number whatever JSON type the source used, keeping what it wrote as text', () => {
    expect(typedTraitValue('10000', 'number')).toEqual({ value: 10000, number: '10000', text: '10000' });
    expect(typedTraitValue(10000, 'number')).toEqual({ value: 10000, number: '10000', text: '10000' });
    expect(typedTraitValue('10.50', 'number')).toEqual({ value: 10.5, number: '10.50', text: '10.50' });
    // Declared numeric: leading zeros are a number's; past 15 digits the JSON value keeps the text, the number stays exact.
    expect(typedTraitValue('0050', 'number')).toEqual({ value: 50, number: '0050', text: '0050' });
    expect(typedTraitValue('12345678901234567890', 'number')).toEqual({ value: '12345678901234567890', number: '12345678901234567890', text: '12345678901234567890' });
    // What is no number stays as it was, and has no number to compare by.
    expect(typedTraitValue('n/a', 'number')).toEqual({ value: 'n/a', text: 'n/a' });
  });

  it('keeps a text key as written: "00123" stays "00123", and a JSON number is its text', () => {
    expect(typedTraitValue('00123', 'text')).toEqual({ value: '00123', text: '00123' });
    expect(typedTraitValue(201, 'text')).toEqual({ value: 201, text: '201' });
  });

  it('reads "true" and "false" of a boolean key as booleans', () => {
    expect(typedTraitValue('TRUE', 'boolean')).toEqual({ value: true, text: 'true' });
    expect(typedTraitValue(false, 'boolean')).toEqual({ value: false, text: 'false' });
    expect(typedTraitValue('yes', 'boolean')).toEqual({ value: 'yes', text: 'yes' });
  });
});

describe('the declared traits', () => {
  it('type the canonical fields and the shipped connectors, identifiers and codes as text', () => {
    expect(DECLARED_TRAITS.get('points')).toMatchObject({ type: 'number', origin: 'connector', connectors: ['pos-file'] });
    expect(DECLARED_TRAITS.get('date_of_birth')).toMatchObject({ type: 'date', origin: 'canonical' });
    for (const code of ['member_card', 'postcode', 'phone', 'phone_as_typed', 'national_id', 'shopify_customer_id', 'add_way', 'qr_scene', 'zoho_account_id', 'other_phone']) {
      expect(DECLARED_TRAITS.get(code)?.type, code).toBe('text');
    }
    expect(DECLARED_TRAITS.get('tags')).toMatchObject({ type: 'text', connectors: ['wecom', 'wechat-oa'] });
  });

  it('refuse two declarations of one key with different types, and a canonical field re-typed', () => {
    expect(() => declaredTraits([{ type: 'a', traits: [{ key: 'level', type: 'number', description: '' }] }, { type: 'b', traits: [{ key: 'level', type: 'text', description: '' }] }])).toThrow(
      "connector b declares trait 'level' as text, but a says number",
    );
    expect(() => declaredTraits([{ type: 'a', traits: [{ key: 'postcode', type: 'number', description: '' }] }])).toThrow("connector a declares trait 'postcode' as number, but the canonical field says text");
  });

  it('let a declaration win over inference, and call a key nothing declares or holds text', () => {
    const types = new TraitTypes(DECLARED_TRAITS, new Map([['member_card', 'number'], ['visits', 'number']]));
    expect(types.typeOf('member_card')).toBe('text');
    expect(types.definitionOf('visits')).toEqual({ key: 'visits', type: 'number', origin: 'inferred', connectors: [] });
    expect(types.typeOf('never_seen')).toBe('text');
  });
});
