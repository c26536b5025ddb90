import type { CountryCode } from 'libphonenumber-js';
import { pinyin } from 'pinyin-pro';
import { normalizePhone, phoneRegionOf } from '../../connectors/sdk/records';
import type { ResolutionRecord } from '../../src/modules/identity';
import { groupsSharingKeys, sharedIdentifierKeys } from './identity-baseline';

/**
 * The short forms English speakers go by, to the formal given name (Bob → robert). The realistic generator
 * draws its diminutives from here, so a name it shortens is a name this file can read back.
 */
export const FORMAL_GIVEN_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    robert: ['bob', 'rob', 'bobby'],
    william: ['bill', 'will', 'billy'],
    elizabeth: ['liz', 'beth', 'lizzie'],
    margaret: ['maggie', 'peggy'],
    richard: ['rick', 'dick'],
    james: ['jim', 'jimmy'],
    michael: ['mike'],
    katherine: ['kate', 'katie'],
    thomas: ['tom', 'tommy'],
    jennifer: ['jen', 'jenny'],
    christopher: ['chris'],
    daniel: ['dan', 'danny'],
    joseph: ['joe'],
    anthony: ['tony'],
    susan: ['sue'],
    rebecca: ['becky'],
    edward: ['ed', 'ted'],
    charles: ['charlie'],
    alexander: ['alex'],
    jonathan: ['jon'],
    matthew: ['matt'],
    nicholas: ['nick'],
    benjamin: ['ben'],
    andrew: ['andy'],
    deborah: ['debbie'],
    victoria: ['vicky'],
    patricia: ['pat', 'patty'],
    steven: ['steve'],
  }).flatMap(([formal, shortForms]) => shortForms.map((short): [string, string] => [short, formal])),
);

/**
 * Ground truth as far as the records' own evidence reaches: the records of one true entity, split into the
 * components its evidence connects. Two records of one entity are connected when they share an identifier
 * the hub normalizes the same (e-mail, phone read in the row's country, national id, WeChat unionid), or
 * carry the same full name (read in Latin letters, in either order, short forms read as the formal name)
 * together with the same street address (street name and house number), the same postcode, the same date
 * of birth, or a phone the other's masked one (151****2584) could be. A follower known only by a nickname, a
 * till record with only a masked phone and an honorific (高先生), a generic value on a record that has nothing
 * else: each is an entity of its own here, since no resolver could know better.
 * Returns record id → `entity` when the entity is connected whole, `entity/k` for its k-th part otherwise.
 */
export function connectableTruth(records: readonly ResolutionRecord[], truth: ReadonlyMap<string, string>, region: CountryCode): Map<string, string> {
  // Keys are entity-scoped: the evidence only splits an entity, it never joins two.
  const groupOf = groupsSharingKeys(records, (record) => evidenceKeys(record, region).map((key) => `${entityOf(record, truth)}\u0000${key}`));
  const partsOfEntity = new Map<string, Map<number, number>>();
  records.forEach((record, i) => {
    const parts = partsOfEntity.get(entityOf(record, truth)) ?? new Map<number, number>();
    if (!parts.has(groupOf[i])) parts.set(groupOf[i], parts.size);
    partsOfEntity.set(entityOf(record, truth), parts);
  });
  const connectable = new Map<string, string>();
  records.forEach((record, i) => {
    const entity = entityOf(record, truth);
    const parts = partsOfEntity.get(entity)!;
    connectable.set(record.id, parts.size === 1 ? entity : `${entity}/${parts.get(groupOf[i])}`);
  });
  return connectable;
}

function entityOf(record: ResolutionRecord, truth: ReadonlyMap<string, string>): string {
  const entity = truth.get(record.id);
  if (entity === undefined) throw new Error(`record ${record.id} has no truth label`);
  return entity;
}

/** What can connect this record to another of the same person: its identifiers, its name at a place or birth date. */
function evidenceKeys(record: ResolutionRecord, region: CountryCode): string[] {
  const keys = sharedIdentifierKeys(record, region);
  const names = nameKeys(record);
  if (names.length === 0) return keys;
  const { street, street_number: streetNumber, postcode, date_of_birth: dateOfBirth } = record.fields;
  const address = street ? streetAddressKey(street, streetNumber) : undefined;
  const anchors = [
    address && `address:${address}`,
    postcode && `postcode:${postcode.replace(/\s/g, '').toUpperCase()}`,
    dateOfBirth && `born:${dateOfBirth.trim()}`,
    phoneMaskKey(record, region),
  ];
  for (const name of names) for (const anchor of anchors) if (anchor) keys.push(`name:${name}|${anchor}`);
  return keys;
}

/**
 * The visible ends of a phone as Chinese exports mask it (151****2584), from a masked phone or a full one:
 * a masked phone says nothing alone (thousands share its ends) but with the same name it is the person.
 */
function phoneMaskKey(record: ResolutionRecord, region: CountryCode): string | undefined {
  const phone = record.fields.phone === undefined ? undefined : normalizePhone(record.fields.phone, phoneRegionOf(record.fields.country, undefined, region));
  if (!phone) return undefined;
  if (phone.masked) {
    const [, head, tail] = /^(\d*)\*+(\d*)$/.exec(phone.masked) ?? [];
    return head?.length === 3 && tail?.length === 4 ? `phone-ends:${head}|${tail}` : undefined;
  }
  return phone.e164 && phone.digits.length > 7 ? `phone-ends:${phone.digits.slice(0, 3)}|${phone.digits.slice(-4)}` : undefined;
}

const HAN = /\p{Script=Han}/u;

/**
 * The full name in Latin letters, once per reading order: 王芳 → wangfang; "FANG WANG" → fangwang and
 * wangfang; Bob Smith → robertsmith and smithrobert. An honorific (高先生, Mr Smith) reads as itself and so
 * meets only itself.
 */
export function nameKeys(record: ResolutionRecord): string[] {
  const { full_name: fullName, first_name: firstName, last_name: lastName } = record.fields;
  const written = fullName ?? [firstName, lastName].filter(Boolean).join(' ');
  if (!written.trim()) return [];
  if (HAN.test(written)) return [pinyin(written.replace(/\s/g, ''), { toneType: 'none', surname: 'head', v: true, separator: '' }).toLowerCase()];
  const words = written
    .toLowerCase()
    .split(/[\s,.]+/)
    .map((word) => word.replace(/[^a-z]/g, ''))
    .filter(Boolean)
    .map((word) => FORMAL_GIVEN_NAMES.get(word) ?? word);
  if (words.length === 0) return [];
  const forward = words.join('');
  const backward = [...words].reverse().join('');
  return forward === backward ? [forward] : [forward, backward];
}

/** Street name and house number, however a source splits or orders them: 中山路613号 = 613 + 中山路; "12 High St." = 12 + high st. */
export function streetAddressKey(street: string, streetNumber?: string): string | undefined {
  const inStreet = /\d+/.exec(street)?.[0];
  const number = streetNumber?.match(/\d+/)?.[0] ?? inStreet;
  const name = street
    .toLowerCase()
    .replace(/\d+\s*号?/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (!name || !number) return undefined;
  return `${number} ${name}`;
}
