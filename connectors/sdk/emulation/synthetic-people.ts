import { Faker, base, en, zh_CN } from '@faker-js/faker';

/**
 * One pool of synthetic people that every platform emulator draws from, so the same person shows up on
 * several platforms with different, partial identifiers: identity resolution has real work to do.
 * Deterministic for a given seed; dates are relative to a fixed reference instant, never the clock.
 */
export const REFERENCE_DATE = new Date('2026-11-01T00:00:00Z');

export interface SyntheticPerson {
  /** Stable across emulators: p000042. */
  key: string;
  origin: 'cn' | 'latin';
  firstName: string;
  lastName: string;
  /** Chinese order (family name first) for cn people, western order otherwise. */
  fullName: string;
  /** Lower-case. */
  email: string;
  /** 11-digit mainland mobile, no country code. */
  phone: string;
  /** 28 characters, shared by all of one company's WeChat apps. */
  unionid: string;
  gender: 'female' | 'male';
  dateOfBirth: string;
  city: string;
  street: string;
  postcode: string;
  company: string;
  createdAt: Date;
  /** Spread over the last year, so incremental syncs have something to filter. */
  updatedAt: Date;
}

const CITIES = [
  ['上海', '200'], ['北京', '100'], ['杭州', '310'], ['深圳', '518'], ['广州', '510'], ['成都', '610'], ['南京', '210'],
] as const;
const MOBILE_PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '157', '158', '159', '186', '187', '188'];
// Real providers' domains, not example.com: identity resolution treats RFC 2606 example domains as placeholders.
const MAIL_DOMAINS = ['qq.com', '163.com', 'gmail.com', 'outlook.com', '126.com'];
const DAY_MS = 86_400_000;

export function syntheticPeople(count: number, seed = 20261123): SyntheticPerson[] {
  const chinese = new Faker({ locale: [zh_CN, en, base] });
  const latin = new Faker({ locale: [en, base] });
  chinese.seed(seed);
  latin.seed(seed + 1);
  return Array.from({ length: count }, (_, index) => {
    const origin = index % 4 === 3 ? 'latin' : 'cn';
    const faker = origin === 'cn' ? chinese : latin;
    const gender = faker.helpers.arrayElement(['female', 'male'] as const);
    const firstName = faker.person.firstName(gender);
    const lastName = faker.person.lastName();
    const [city, postcodePrefix] = faker.helpers.arrayElement(CITIES);
    const key = `p${String(index).padStart(6, '0')}`;
    const createdAt = new Date(REFERENCE_DATE.getTime() - faker.number.int({ min: 400, max: 1500 }) * DAY_MS);
    return {
      key,
      origin,
      firstName,
      lastName,
      fullName: origin === 'cn' ? `${lastName}${firstName}` : `${firstName} ${lastName}`,
      email: `${latin.internet.username({ firstName: latin.person.firstName(), lastName: latin.person.lastName() }).toLowerCase().replace(/[^a-z0-9._]/g, '')}.${key}@${MAIL_DOMAINS[index % MAIL_DOMAINS.length]}`,
      // The index makes the number unique; the prefix keeps it a valid mainland mobile number.
      phone: `${MOBILE_PREFIXES[index % MOBILE_PREFIXES.length]}${String(index * 7919 % 100_000_000).padStart(8, '0')}`,
      unionid: `o6_bm${faker.string.alphanumeric(16)}${key}`,
      gender,
      dateOfBirth: faker.date.birthdate({ min: 18, max: 75, mode: 'age', refDate: REFERENCE_DATE }).toISOString().slice(0, 10),
      city,
      street: origin === 'cn' ? `${faker.location.street()}${faker.number.int({ min: 1, max: 999 })}号` : faker.location.streetAddress(),
      postcode: `${postcodePrefix}${String(faker.number.int({ min: 0, max: 999 })).padStart(3, '0')}`,
      company: faker.company.name(),
      createdAt,
      updatedAt: new Date(REFERENCE_DATE.getTime() - faker.number.int({ min: 0, max: 365 }) * DAY_MS - faker.number.int({ min: 0, max: DAY_MS - 1 })),
    };
  });
}
