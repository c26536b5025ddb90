import { codeLevel, emailLevel, isYearOnly, organisationLevel, textLevel } from './comparators';
import { ROW_WIDTH, SLOT, type ComparisonRows } from './comparison-rows';
import { FIELD_COMPARISONS, MISSING } from './field-comparisons';
import { levelsOfKey, placeValues } from './pattern-keys';
import { matchesMask } from '../../../connectors/sdk/records';
import { jaroWinklerBound, beyondOneEdit } from './text-signatures';

// Text at or above this Jaro-Winkler is at least "similar" (comparators.ts); below it, "different".
const SIMILAR = 0.8;
const DIFFERENT = 3;

/** The place value of each field's digit in a pattern key, by field. */
const PLACE = placeValuesByField([
  'given_name',
  'family_name',
  'company',
  'email',
  'phone',
  'date_of_birth',
  'national_id',
  'wechat_unionid',
  'wechat_openid',
  'street',
  'street_number',
  'address_line2',
  'city',
  'postcode',
  'state',
  'country',
  'gender',
]);

/**
 * FIELD_COMPARISONS for two records of one run's rows, answering exactly what `compareRecords` answers for the
 * two normalized records (a property test holds the two together). Equal values share an index, most other
 * pairs are decided from the rows' text signatures, and only what remains reads values, through per-thread
 * caches of value pairs. One comparer per thread.
 */
export class RowComparer {
  private readonly rows: Int32Array;
  private readonly nameLevels: LevelCache;
  private readonly lineLevels: LevelCache;
  private readonly cityLevels: LevelCache;
  private readonly companyLevels: LevelCache;

  constructor(private readonly data: ComparisonRows) {
    this.rows = data.rows;
    this.nameLevels = new LevelCache(data.names.length);
    this.lineLevels = new LevelCache(data.lines.length);
    this.cityLevels = new LevelCache(data.cities.length);
    this.companyLevels = new LevelCache(data.companies.length);
  }

  /** The comparison vector of records `a` and `b` as a pattern key (pattern-keys.ts): what runs per candidate pair. */
  patternKey(a: number, b: number): number {
    const ra = a * ROW_WIDTH;
    const rb = b * ROW_WIDTH;
    const { data } = this;
    // Fields no record of the run has stay missing, digit 0: no term.
    const { present } = data;
    let key = (this.namePart(ra, rb, SLOT.given, SLOT.family, SLOT.givenShape, SLOT.givenPhonetic, SLOT.givenHanzi) + 1) * PLACE.given_name;
    key += (this.namePart(ra, rb, SLOT.family, SLOT.given, SLOT.familyShape, SLOT.familyPhonetic, SLOT.familyHanzi) + 1) * PLACE.family_name;
    if (present.company) key += (this.company(ra, rb) + 1) * PLACE.company;
    key += (this.email(ra, rb) + 1) * PLACE.email;
    key += (this.phone(ra, rb) + 1) * PLACE.phone;
    key += (this.date(ra, rb) + 1) * PLACE.date_of_birth;
    if (present.nationalId) key += (this.code(ra, rb, SLOT.nationalId, SLOT.nationalIdShape, data.nationalIds) + 1) * PLACE.national_id;
    if (present.unionid) key += (this.equality(ra, rb, SLOT.unionid) + 1) * PLACE.wechat_unionid;
    if (present.openid) key += (this.openid(ra, rb) + 1) * PLACE.wechat_openid;
    key += (this.addressLine(ra, rb, SLOT.street, SLOT.line2, SLOT.streetShape) + 1) * PLACE.street;
    key += (this.code(ra, rb, SLOT.streetNumber, SLOT.streetNumberShape, data.streetNumbers) + 1) * PLACE.street_number;
    if (present.line2) key += (this.addressLine(ra, rb, SLOT.line2, SLOT.street, SLOT.line2Shape) + 1) * PLACE.address_line2;
    key += (this.city(ra, rb) + 1) * PLACE.city;
    key += (this.code(ra, rb, SLOT.postcode, SLOT.postcodeShape, data.postcodes) + 1) * PLACE.postcode;
    if (present.state) key += (this.equality(ra, rb, SLOT.state) + 1) * PLACE.state;
    if (present.country) key += (this.equality(ra, rb, SLOT.country) + 1) * PLACE.country;
    key += (this.equality(ra, rb, SLOT.gender) + 1) * PLACE.gender;
    return key;
  }

  /** Writes the comparison vector of records `a` and `b` into `levels`. */
  compare(a: number, b: number, levels: Int8Array): void {
    levelsOfKey(this.patternKey(a, b), levels);
  }

  private equality(ra: number, rb: number, slot: number): number {
    const x = this.rows[ra + slot];
    const y = this.rows[rb + slot];
    return x < 0 || y < 0 ? MISSING : x === y ? 0 : 1;
  }

  /**
   * textLevel of two different texts of `values`: "different" when their signatures bound the similarity
   * below "similar"; otherwise computed, or remembered from an earlier pair of the same two values.
   */
  private text(ra: number, rb: number, shapeSlot: number, x: number, y: number, values: readonly string[], cache: LevelCache): number {
    const rows = this.rows;
    if (jaroWinklerBound(rows[ra + shapeSlot], rows[ra + shapeSlot + 1], rows[rb + shapeSlot], rows[rb + shapeSlot + 1]) < SIMILAR) return DIFFERENT;
    const known = cache.get(x, y);
    return known >= 0 ? known : cache.set(x, y, textLevel(values[x], values[y]));
  }

  // As field-comparisons.ts: equal is exact, the other record's opposite part (both ways) is close; written
  // in hanzi on both sides, the same characters are exact, the same pinyin close, and other pinyin different.
  private namePart(ra: number, rb: number, own: number, other: number, shapeSlot: number, phoneticSlot: number, hanziSlot: number): number {
    const rows = this.rows;
    const x = rows[ra + own];
    const y = rows[rb + own];
    const hanziX = rows[ra + hanziSlot];
    const hanziY = rows[rb + hanziSlot];
    const bothHanzi = hanziX >= 0 && hanziY >= 0;
    if (bothHanzi && hanziX === hanziY) return 0;
    if (x >= 0 && x === y) return bothHanzi ? 1 : 0;
    if (x >= 0 && x === rows[rb + other] && rows[ra + other] >= 0 && rows[ra + other] === y) return 1;
    if (x < 0 || y < 0) return MISSING;
    if (bothHanzi) return DIFFERENT;
    const level = this.text(ra, rb, shapeSlot, x, y, this.data.names, this.nameLevels);
    // nameLevel: names that sound alike are at least similar.
    const phonetic = rows[ra + phoneticSlot];
    return level === DIFFERENT && phonetic >= 0 && phonetic === rows[rb + phoneticSlot] ? 2 : level;
  }

  // As field-comparisons.ts: a line equal to the other record's other line is close.
  private addressLine(ra: number, rb: number, own: number, other: number, shapeSlot: number): number {
    const rows = this.rows;
    const x = rows[ra + own];
    const y = rows[rb + own];
    if (x < 0 || y < 0) return MISSING;
    if (x === y) return 0;
    const direct = this.text(ra, rb, shapeSlot, x, y, this.data.lines, this.lineLevels);
    return direct > 1 && (x === rows[rb + other] || y === rows[ra + other]) ? 1 : direct;
  }

  private city(ra: number, rb: number): number {
    const x = this.rows[ra + SLOT.city];
    const y = this.rows[rb + SLOT.city];
    if (x < 0 || y < 0) return MISSING;
    return x === y ? 0 : this.text(ra, rb, SLOT.cityShape, x, y, this.data.cities, this.cityLevels);
  }

  private company(ra: number, rb: number): number {
    const x = this.rows[ra + SLOT.company];
    const y = this.rows[rb + SLOT.company];
    if (x < 0 || y < 0) return MISSING;
    if (x === y) return 0;
    const known = this.companyLevels.get(x, y);
    return known >= 0 ? known : this.companyLevels.set(x, y, organisationLevel(this.data.companies[x], this.data.companies[y]));
  }

  private code(ra: number, rb: number, slot: number, shapeSlot: number, values: readonly string[]): number {
    const rows = this.rows;
    const x = rows[ra + slot];
    const y = rows[rb + slot];
    if (x < 0 || y < 0) return MISSING;
    if (x === y) return 0;
    return beyondOneEdit(rows[ra + shapeSlot], rows[ra + shapeSlot + 1], rows[rb + shapeSlot], rows[rb + shapeSlot + 1]) ? 2 : codeLevel(values[x], values[y]);
  }

  private date(ra: number, rb: number): number {
    const x = this.rows[ra + SLOT.date];
    const y = this.rows[rb + SLOT.date];
    return x < 0 || y < 0 ? MISSING : dateLevel(x, y);
  }

  private openid(ra: number, rb: number): number {
    const rows = this.rows;
    const x = rows[ra + SLOT.openid];
    const y = rows[rb + SLOT.openid];
    if (x < 0 || y < 0) return MISSING;
    // Only openids of one app compare.
    return rows[ra + SLOT.openidApp] !== rows[rb + SLOT.openidApp] ? MISSING : x === y ? 0 : 1;
  }

  private email(ra: number, rb: number): number {
    const rows = this.rows;
    const x = rows[ra + SLOT.email];
    const y = rows[rb + SLOT.email];
    if (x < 0 || y < 0) return MISSING;
    // emailLevel: two masks agree as far as they show when equal; a mask and a full address on the same domain when the visible characters agree.
    if (rows[ra + SLOT.mailbox] < 0 || rows[rb + SLOT.mailbox] < 0) {
      const maskA = this.data.emailMasks[x];
      const maskB = this.data.emailMasks[y];
      if (maskA && maskB) return x === y ? 1 : 2;
      const [mask, masked, full] = maskA ? [maskA, x, y] : [maskB!, y, x];
      const { emails } = this.data;
      return emails[masked].domain === emails[full].domain && matchesMask(mask, emails[full].mailbox) ? 1 : 2;
    }
    if (x === y) return 0;
    if (rows[ra + SLOT.mailbox] === rows[rb + SLOT.mailbox]) return 1;
    const shape = SLOT.emailShape;
    return beyondOneEdit(rows[ra + shape], rows[ra + shape + 1], rows[rb + shape], rows[rb + shape + 1]) ? 2 : emailLevel(this.data.emails[x], this.data.emails[y]);
  }

  private phone(ra: number, rb: number): number {
    const rows = this.rows;
    const x = rows[ra + SLOT.phone];
    const y = rows[rb + SLOT.phone];
    if (x < 0 || y < 0) return MISSING;
    // phoneLevel: equal masks agree as far as they show; a mask and a full number when its digits (or E.164 digits) fit the mask.
    if (rows[ra + SLOT.phoneDigits] < 0 || rows[rb + SLOT.phoneDigits] < 0) {
      const maskA = this.data.phoneMasks[x];
      const maskB = this.data.phoneMasks[y];
      if (maskA && maskB) return x === y ? 1 : 2;
      const [mask, full] = maskA ? [maskA, this.data.phones[y]] : [maskB!, this.data.phones[x]];
      return matchesMask(mask, full.digits) || (full.e164 !== undefined && matchesMask(mask, full.e164.slice(1))) ? 1 : 2;
    }
    // A number outside the known ranges may be a mistyped one: equal, it agrees less than a known number.
    if (x === y) return this.data.phones[x].unknownRange ? 1 : 0;
    // Different values never share an E.164 number (it fixes the digits), so equal digits are what is left.
    if (rows[ra + SLOT.phoneDigits] === rows[rb + SLOT.phoneDigits]) return 0;
    const subscriber = rows[ra + SLOT.phoneSubscriber];
    return subscriber >= 0 && subscriber === rows[rb + SLOT.phoneSubscriber] ? 1 : 2;
  }
}

/** dateLevel (comparators.ts) on dates written as year·10000 + month·100 + day. */
function dateLevel(a: number, b: number): number {
  const [yearA, monthA, dayA] = [Math.floor(a / 10000), Math.floor(a / 100) % 100, a % 100];
  const [yearB, monthB, dayB] = [Math.floor(b / 10000), Math.floor(b / 100) % 100, b % 100];
  if (isYearOnly(monthA, dayA) || isYearOnly(monthB, dayB)) return yearA === yearB ? 1 : 2;
  const same = Number(yearA === yearB) + Number(monthA === monthB) + Number(dayA === dayB);
  if (same === 3) return 0;
  const swapped = yearA === yearB && monthA === dayB && dayA === monthB;
  return same === 2 || swapped ? 1 : 2;
}

/**
 * Levels by value pair in a fixed table (a newer pair takes an older one's slot): across millions of
 * candidate pairs the same two first names or streets meet again and again.
 */
class LevelCache {
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly levels: Int8Array;
  private readonly bits: number;

  /** Sized by the number of values: pairs of a few thousand names fit in a small table, a million streets' do not. */
  constructor(values: number) {
    const bits = (this.bits = Math.min(20, Math.max(10, Math.ceil(Math.log2(values + 1)) + 4)));
    this.left = new Int32Array(1 << bits).fill(-1);
    this.right = new Int32Array(1 << bits);
    this.levels = new Int8Array(1 << bits);
  }

  /** The remembered level, or -1. */
  get(x: number, y: number): number {
    const slot = this.slot(x, y);
    return this.left[slot] === x && this.right[slot] === y ? this.levels[slot] : -1;
  }

  set(x: number, y: number, level: number): number {
    const slot = this.slot(x, y);
    this.left[slot] = x;
    this.right[slot] = y;
    this.levels[slot] = level;
    return level;
  }

  private slot(x: number, y: number): number {
    return (Math.imul(x, 0x9e3779b1) + Math.imul(y, 0x85ebca77)) >>> (32 - this.bits);
  }
}

function placeValuesByField<const Names extends readonly string[]>(names: Names): Record<Names[number], number> {
  const known = FIELD_COMPARISONS.map((comparison) => comparison.field);
  if (known.length !== names.length || names.some((name) => !known.includes(name))) {
    throw new Error(`row-comparison.ts compares ${names.join(',')} but FIELD_COMPARISONS has ${known.join(',')}: keep the two in step`);
  }
  const places = placeValues();
  return Object.fromEntries(names.map((name) => [name, places[known.indexOf(name)]])) as Record<Names[number], number>;
}
