import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { syntheticPeople } from './synthetic-people';

describe('synthetic people', () => {
  it('is the same pool for the same seed, on any day', () => {
    expect(syntheticPeople(50)).toEqual(syntheticPeople(50));
    expect(syntheticPeople(50, 7)).not.toEqual(syntheticPeople(50));
  });

  it('gives every person unique, valid identifiers', () => {
    const people = syntheticPeople(3000);
    for (const field of ['key', 'email', 'phone', 'unionid'] as const) expect(new Set(people.map((person) => person[field])).size).toBe(people.length);
    expect(people.every((person) => parsePhoneNumberFromString(person.phone, 'CN')?.isValid())).toBe(true);
    expect(people.every((person) => person.unionid.length === 28)).toBe(true);
  });
});
