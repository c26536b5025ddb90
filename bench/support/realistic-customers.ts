import { Faker, base, en, zh_CN } from '@faker-js/faker';
import { pinyin } from 'pinyin-pro';
import type { ResolutionRecord } from '../../src/modules/identity';
import { FORMAL_GIVEN_NAMES } from './connectable-truth';
import { collectPopulation, type LabelledRecord, type SyntheticPopulation } from './identity-synthetic';

/**
 * Customer data as a Chinese retailer with foreign customers holds it: one person in 1–4 of `shop`, `pos`,
 * `wechat` and `crm` (half in one only), each source with the fields it really has, and the traps that made
 * the engine fail on a user's data. Trap shares are of records, kept by a deficit schedule so 2,000 records
 * hold them as 1,000,000 do. They are judgment calls, weighed by what each costs in pairs: a value held by n
 * people puts n(n-1)/2 wrong pairs into a plain union, so a few percent of records already decide precision.
 * - households 6%: two or three people at one address sharing the phone given at the till and/or the shop's
 *   e-mail, 60% with one family name (Chinese spouses keep their own). Family members on one number is
 *   everyday in Chinese retail; most numbers still name one person;
 * - generic values 2%: 5–10 strangers behind one till's front-desk number, one agency's info@, one
 *   reseller's service@ (most of them walk-ins seen once): a clerk's fallback is used all day where it is used;
 * - namesakes on one street 2%: 王芳, 张伟 or John Smith are each 0.2–1% of a population and customers crowd
 *   a city's main streets, so a same-name neighbour a few doors down turns up in every large file;
 * - look-alike mailboxes 1.5%: thomas.wilson@ and thomas_wilson@ (or wang.fang@ and wang_fang@), two
 *   namesakes in two cities on one provider;
 * - everyone else a plain customer: 65% Chinese (hanzi in one source, pinyin in another, given name first
 *   in some, an honorific 高先生 at 40% of till records, a display nickname on most WeChat followers), 35%
 *   US/UK (diminutives, dotted US numbers on rows that say US). Per record: 4% of names and 2% of e-mails
 *   mistyped by one character, 5% of birth dates with one typo, masked phones on 10% of shop and CRM rows and
 *   5% of till rows, gmail dots and tags on 30% of gmail addresses.
 */
export function realisticCustomers(recordCount: number, seed: number): SyntheticPopulation {
  return collectPopulation(`realistic-${recordCount}`, realisticCustomerStream(recordCount, seed));
}

type GroupKind = 'single' | 'household' | 'namesakes' | 'lookalikeMailboxes' | 'genericValue';
const TRAP_SHARES: Record<Exclude<GroupKind, 'single'>, number> = { household: 0.06, genericValue: 0.02, namesakes: 0.02, lookalikeMailboxes: 0.015 };
// No group starts this close to the end, so every generic value keeps its five holders.
const TRAP_TAIL_RECORDS = 60;

/** The same records as `realisticCustomers`, one at a time: only the current group of people is held. */
export function* realisticCustomerStream(recordCount: number, seed: number): Generator<LabelledRecord> {
  const world = new CustomerWorld(seed);
  const emitted = new Map<GroupKind, number>();
  let total = 0;
  while (total < recordCount) {
    const kind = recordCount - total < TRAP_TAIL_RECORDS ? 'single' : mostOwedKind(emitted, total);
    for (const customer of world.group(kind)) {
      for (const source of customer.sources) {
        if (total === recordCount) return;
        const fields = sighting(world, customer, source);
        yield { record: { id: `rc-${total}`, source, externalId: `${source}-${customer.index}`, fields }, entity: customer.entity };
        total++;
        emitted.set(kind, (emitted.get(kind) ?? 0) + 1);
      }
    }
  }
}

function mostOwedKind(emitted: ReadonlyMap<GroupKind, number>, total: number): GroupKind {
  let best: GroupKind = 'single';
  let bestDeficit = 0;
  for (const [kind, share] of Object.entries(TRAP_SHARES) as [GroupKind, number][]) {
    const deficit = share * total - (emitted.get(kind) ?? 0);
    if (deficit > bestDeficit) [best, bestDeficit] = [kind, deficit];
  }
  return best;
}

type Source = 'shop' | 'pos' | 'wechat' | 'crm';
type Culture = 'zh' | 'en';
type Fields = ResolutionRecord['fields'] & { nickname?: string };

interface Address {
  street: string;
  number: string;
  city: string;
  postcode: string;
  state?: string;
  /** 5栋302室: which flat in the building. */
  flat?: string;
}

/** A value strangers share, and the one record of this customer that carries it. */
interface GenericValue {
  source: Source;
  phone?: string;
  email?: string;
  company?: string;
}

/** One real person, as every source would know them before each source's own habits and mistakes. */
interface Customer {
  entity: string;
  index: number;
  culture: Culture;
  country: 'CN' | 'US' | 'GB';
  gender: 'male' | 'female';
  /** Hanzi for Chinese customers, formal Latin names for the others. */
  family: string;
  given: string;
  /** Pinyin (Gao, Haoran) or the Latin name itself. */
  familyLatin: string;
  givenLatin: string;
  /** The short form an English customer goes by (Bob for Robert), if any. */
  shortName?: string;
  dateOfBirth: string;
  /** National digits: 13912345678, 6176713260, 07911123456. */
  mobile: string;
  email: string;
  home: Address;
  company: { name: string; domain: string };
  nationalId?: string;
  unionid: string;
  openid: string;
  sources: Source[];
  generic?: GenericValue;
  /** Traps need these shown: a namesake's address, a look-alike's mailbox. */
  showsAddress?: boolean;
  showsEmail?: boolean;
}

const REFERENCE_DATE = new Date('2026-01-01T00:00:00Z');
const CN_CITIES = [
  ['上海', '200', '021'], ['北京', '100', '010'], ['杭州', '310', '0571'], ['深圳', '518', '0755'], ['广州', '510', '020'],
  ['成都', '610', '028'], ['南京', '210', '025'], ['武汉', '430', '027'], ['西安', '710', '029'], ['苏州', '215', '0512'],
] as const;
const CN_STREETS = [
  '中山路', '人民路', '解放路', '建设路', '和平路', '新华路', '长江路', '南京路', '延安路', '胜利路', '文化路', '朝阳路', '青年路', '北京路', '东风路',
  '光明路', '幸福路', '团结路', '五一路', '滨江路', '淮海路', '黄河路', '复兴路', '环城路', '迎宾路', '学府路', '花园路', '湖滨路', '金沙路', '长安街',
];
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '158', '159', '166', '177', '180', '186', '187', '188', '189', '199'];
const US_AREA_CODES = ['201', '206', '212', '213', '303', '305', '312', '404', '415', '503', '512', '602', '617', '646', '702', '713', '718', '773', '818', '917'];
// UK mobile ranges libphonenumber holds valid in full (0770 0900… is reserved for drama and is not).
const UK_MOBILE_RANGES = ['74', '75', '78'];
const UK_STREETS = ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Park Road', 'Mill Lane', 'King Street', 'Queen Street', 'London Road', 'Green Lane'];
const UK_TOWNS = [['Manchester', 'M'], ['Leeds', 'LS'], ['Bristol', 'BS'], ['Oxford', 'OX'], ['York', 'YO'], ['Brighton', 'BN'], ['Leicester', 'LE']] as const;
// Region codes of 身份证 numbers (Shanghai Huangpu, Beijing Dongcheng, Hangzhou Shangcheng, Shenzhen Futian, …).
const ID_REGIONS = ['310101', '110101', '330102', '440304', '440103', '510104', '320102', '420102'];
/** Names common enough to meet twice. */
type CommonName = readonly [family: string, given: string, gender: 'male' | 'female'];
const COMMON_CN_NAMES: readonly CommonName[] = [['王', '芳', 'female'], ['李', '娜', 'female'], ['张', '伟', 'male'], ['王', '伟', 'male'], ['李', '静', 'female'], ['刘', '洋', 'male'], ['王', '秀英', 'female'], ['张', '丽', 'female'], ['杨', '桂英', 'female'], ['王', '磊', 'male']];
const COMMON_EN_NAMES: readonly CommonName[] = [['Wilson', 'Thomas', 'male'], ['Smith', 'John', 'male'], ['Brown', 'Michael', 'male'], ['Jones', 'David', 'male'], ['Taylor', 'Sarah', 'female'], ['Johnson', 'Emma', 'female'], ['Williams', 'James', 'male'], ['Davies', 'Elizabeth', 'female'], ['Miller', 'Robert', 'male'], ['Evans', 'Laura', 'female']];
const CN_NICKNAMES = ['阳光', '小猫咪', '快乐每一天', '静待花开', '岁月静好', '平安是福', '知足常乐', '追梦人', '一路向北', '晴天', '云淡风轻', '小太阳', '微笑', '木子', '大白', '小鱼儿', '海阔天空', '随缘', 'Sunny', 'Lucky', 'Coco', 'Momo', 'Kiki', 'Amy', 'Jason', 'Vivian'];
const EN_NICKNAMES = ['Sunny', 'sunshine', 'Lucky', 'travel_bug', 'coffee lover', 'Mr. Blue Sky', 'Daisy', 'Zen'];
// What a Pinyin input method offers next to the intended character: a hanzi name's usual typo.
const HOMOPHONES: Record<string, string> = { 芳: '方', 伟: '玮', 静: '晶', 丽: '莉', 敏: '民', 娜: '那', 强: '墙', 磊: '垒', 军: '君', 洋: '阳', 勇: '永', 艳: '燕', 杰: '洁', 涛: '滔', 明: '鸣', 秀: '绣', 平: '萍', 刚: '钢', 桂: '贵', 英: '鹰', 浩: '皓', 然: '燃', 华: '化', 红: '虹' };

const SHORT_NAMES = new Map<string, string[]>();
for (const [short, formal] of FORMAL_GIVEN_NAMES) SHORT_NAMES.set(formal, [...(SHORT_NAMES.get(formal) ?? []), short]);
const FORMAL_NAMES = [...SHORT_NAMES.keys()].map((name) => name[0].toUpperCase() + name.slice(1));

/** The seeded generator's state: its random streams, and the counters that keep identifiers unique. */
class CustomerWorld {
  readonly random: Faker;
  private readonly chinese: Faker;
  private people = 0;
  private lookalikePairs = 0;
  private genericGroups = 0;
  private readonly nationalIds = new Set<string>();
  // ~30,000 distinct hanzi names: their pinyin is worth keeping.
  private readonly pinyinOfName = new Map<string, string[]>();

  constructor(seed: number) {
    this.random = new Faker({ locale: [en, base], seed });
    this.chinese = new Faker({ locale: [zh_CN, en, base], seed: seed + 1 });
  }

  chance(probability: number): boolean {
    return this.random.number.float() < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.random.number.int(values.length - 1)];
  }

  group(kind: GroupKind): Customer[] {
    switch (kind) {
      case 'single':
        return [this.customer(this.chance(0.65) ? 'zh' : 'en')];
      case 'household':
        return this.household();
      case 'namesakes':
        return this.namesakes();
      case 'lookalikeMailboxes':
        return this.lookalikeMailboxes();
      case 'genericValue':
        return this.strangersSharingAValue();
    }
  }

  /** A new person: names, contacts and home drawn fresh unless the caller fixes some of them. */
  customer(culture: Culture, sources: Source[] = this.sources(culture), fixed: Partial<Pick<Customer, 'family' | 'given' | 'gender' | 'country'>> = {}): Customer {
    const index = this.people++;
    const gender = fixed.gender ?? (this.chance(0.5) ? 'female' : 'male');
    const country = fixed.country ?? (culture === 'zh' ? 'CN' : this.chance(0.65) ? 'US' : 'GB');
    const family = fixed.family ?? (culture === 'zh' ? this.chinese.person.lastName() : this.random.person.lastName());
    const given = fixed.given ?? (culture === 'zh' ? this.chinese.person.firstName(gender) : this.englishGivenName(gender));
    const [familyLatin, givenLatin] = culture === 'zh' ? this.pinyinOf(family, given) : [family, given];
    const shortForms = SHORT_NAMES.get(given.toLowerCase());
    const dateOfBirth = this.random.date.birthdate({ mode: 'age', min: 18, max: 80, refDate: REFERENCE_DATE }).toISOString().slice(0, 10);
    const companyName = culture === 'zh' ? this.chinese.company.name() : this.random.company.name();
    return {
      entity: `person-${index}`,
      index,
      culture,
      country,
      gender,
      family,
      given,
      familyLatin,
      givenLatin,
      shortName: shortForms && this.chance(0.6) ? capitalized(this.pick(shortForms)) : undefined,
      dateOfBirth,
      mobile: this.mobile(country, index),
      email: this.email(culture, familyLatin, givenLatin, index),
      home: this.home(country),
      company: { name: companyName, domain: `${this.random.string.alpha({ length: 6, casing: 'lower' })}.${culture === 'zh' ? 'com.cn' : 'com'}` },
      nationalId: culture === 'zh' ? this.nationalId(dateOfBirth, gender) : undefined,
      unionid: `o6_bm${this.random.string.alphanumeric(18)}${index.toString(36)}`,
      openid: `oW2x${this.random.string.alphanumeric(18)}${index.toString(36)}`,
      sources,
    };
  }

  /** 1–4 sources, half the people in one only; Chinese customers follow the shop on WeChat, foreign ones sit in the CRM. */
  sources(culture: Culture): Source[] {
    const count = this.random.helpers.weightedArrayElement([{ value: 1, weight: 50 }, { value: 2, weight: 28 }, { value: 3, weight: 15 }, { value: 4, weight: 7 }]);
    const weights = culture === 'zh' ? { shop: 30, pos: 30, wechat: 28, crm: 12 } : { shop: 45, crm: 30, pos: 15, wechat: 10 };
    const left = (Object.entries(weights) as [Source, number][]).map(([value, weight]) => ({ value, weight }));
    const chosen: Source[] = [];
    while (chosen.length < count) {
      const source = this.random.helpers.weightedArrayElement(left);
      chosen.push(source);
      left.splice(left.findIndex((entry) => entry.value === source), 1);
    }
    return chosen;
  }

  private englishGivenName(gender: Customer['gender']): string {
    if (!this.chance(0.45)) return this.random.person.firstName(gender);
    return this.pick(FORMAL_NAMES.filter((name) => FEMALE_FORMAL_NAMES.has(name) === (gender === 'female')));
  }

  /** Pinyin read from the whole name in surname mode, as the hub reads it: 曾 is zeng, 单 is shan. */
  private pinyinOf(family: string, given: string): [string, string] {
    const name = `${family}${given}`;
    let syllables = this.pinyinOfName.get(name);
    if (!syllables) this.pinyinOfName.set(name, (syllables = pinyin(name, { toneType: 'none', surname: 'head', type: 'array', v: true })));
    return [capitalized(syllables.slice(0, family.length).join('')), capitalized(syllables.slice(family.length).join(''))];
  }

  /** A valid mobile number of its own: the index is spread over the subscriber digits, so no two people draw one. */
  private mobile(country: Customer['country'], index: number): string {
    for (let spread = index; ; spread += 50_000_000) {
      const number =
        country === 'CN'
          ? `${this.pick(MOBILE_PREFIXES)}${subscriberDigits(spread, 1e8)}`
          : country === 'US'
            ? `${this.pick(US_AREA_CODES)}${usLineNumber(subscriberDigits(spread, 8e6))}`
            : `07${this.pick(UK_MOBILE_RANGES)}${subscriberDigits(spread, 1e7)}`;
      // 13800138000, 139 1111 1111: what clerks type for "no phone"; the hub ignores them, so nobody real has one.
      if (!/(\d)\1{6}$/.test(number) && number !== '13800138000' && number !== '2025550123') return number;
    }
  }

  private email(culture: Culture, familyLatin: string, givenLatin: string, index: number): string {
    const [family, given, n] = [familyLatin.toLowerCase(), givenLatin.toLowerCase().replace(/[^a-z]/g, ''), index + 1000];
    const styles =
      culture === 'zh'
        ? [`${100_000 + index * 7 + this.random.number.int(6)}@qq.com`, `${given}${family}${n}@163.com`, `${family}${given}${n}@qq.com`, `${given}_${n}@126.com`, `${given}.${family}${n}@gmail.com`]
        : [`${given}.${family}${n}@gmail.com`, `${given[0]}${family}${n}@outlook.com`, `${family}.${given}${n}@yahoo.com`, `${given}${n}@icloud.com`, `${given}_${family}${n}@hotmail.com`];
    return this.random.helpers.weightedArrayElement(styles.map((value, i) => ({ value, weight: [35, 30, 15, 10, 10][i] })));
  }

  home(country: Customer['country']): Address {
    if (country === 'CN') {
      const [city, postcodePrefix] = this.pick(CN_CITIES);
      const flat = this.chance(0.7) ? `${this.random.number.int({ min: 1, max: 30 })}栋${this.random.number.int({ min: 1, max: 33 })}0${this.random.number.int({ min: 1, max: 4 })}室` : undefined;
      return { street: this.pick(CN_STREETS), number: String(this.random.number.int({ min: 1, max: 1999 })), city, postcode: `${postcodePrefix}${this.random.string.numeric(3)}`, flat };
    }
    if (country === 'US') {
      return { street: this.random.location.street(), number: String(this.random.number.int({ min: 1, max: 9999 })), city: this.random.location.city(), postcode: this.random.string.numeric(5), state: this.random.location.state({ abbreviated: true }) };
    }
    const [town, area] = this.pick(UK_TOWNS);
    const postcode = `${area}${this.random.number.int({ min: 1, max: 20 })} ${this.random.number.int(9)}${this.random.string.alpha({ length: 2, casing: 'upper' })}`;
    return { street: this.pick(UK_STREETS), number: String(this.random.number.int({ min: 1, max: 200 })), city: town, postcode };
  }

  /** An 18-digit 身份证 number: region, birth date, sequence (odd for men), ISO 7064 check character. */
  private nationalId(dateOfBirth: string, gender: Customer['gender']): string {
    for (;;) {
      const sequence = this.random.number.int(499) * 2 + (gender === 'male' ? 1 : 0);
      const body = `${this.pick(ID_REGIONS)}${dateOfBirth.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
      const sum = [...body].reduce((total, digit, i) => total + Number(digit) * ID_WEIGHTS[i], 0);
      const id = body + '10X98765432'[sum % 11];
      if (this.nationalIds.has(id)) continue;
      this.nationalIds.add(id);
      return id;
    }
  }

  /** Two or three people at one address sharing the till phone and/or the shop e-mail; often one family name. */
  private household(): Customer[] {
    const culture: Culture = this.chance(0.7) ? 'zh' : 'en';
    const owner = this.customer(culture, withSource(this.sources(culture), 'shop'));
    const sharesPhone = this.chance(0.65);
    const sharesEmail = !sharesPhone || this.chance(0.45);
    const members = [owner];
    const size = this.chance(0.7) ? 2 : 3;
    while (members.length < size) {
      const family = this.chance(0.6) ? owner.family : undefined;
      const member = this.customer(culture, withSource(this.sources(culture), 'shop'), { family, country: owner.country });
      if (members.some((other) => other.given === member.given || other.dateOfBirth === member.dateOfBirth)) continue;
      member.home = owner.home;
      if (sharesPhone) member.mobile = owner.mobile;
      if (sharesEmail) member.email = owner.email;
      members.push(member);
    }
    for (const member of members) Object.assign(member, { showsAddress: true, showsEmail: sharesEmail });
    return members;
  }

  /** Two people of one common name on one street of one city, a few doors apart. */
  private namesakes(): Customer[] {
    const culture: Culture = this.chance(0.6) ? 'zh' : 'en';
    const [family, given, gender] = this.pick(culture === 'zh' ? COMMON_CN_NAMES : COMMON_EN_NAMES);
    const first = this.customer(culture, withSource(this.sources(culture), 'shop'), { family, given, gender });
    const second = this.customer(culture, withSource(this.sources(culture), 'shop'), { family, given, gender, country: first.country });
    let number = first.home.number;
    while (number === first.home.number) number = String(this.random.number.int({ min: 1, max: Number(first.home.number) + 400 }));
    second.home = { ...first.home, number, flat: second.home.flat };
    for (const namesake of [first, second]) namesake.showsAddress = true;
    return [first, second];
  }

  /** thomas.wilson@outlook.com and thomas_wilson@outlook.com: two people of one common name in two cities. */
  private lookalikeMailboxes(): Customer[] {
    const culture: Culture = this.chance(0.7) ? 'en' : 'zh';
    const [family, given, gender] = this.pick(culture === 'zh' ? COMMON_CN_NAMES : COMMON_EN_NAMES);
    const pair = this.lookalikePairs++;
    // 4 separator pairs × 4 providers, then a number on both: no two pairs ever draw one mailbox.
    const separators = [['.', '_'], ['_', '-'], ['.', ''], ['', '_']][pair % 4];
    const domain = (culture === 'zh' ? ['163.com', '126.com', 'sina.com', 'outlook.com'] : ['outlook.com', 'yahoo.com', 'hotmail.com', 'aol.com'])[Math.floor(pair / 4) % 4];
    const round = Math.floor(pair / 16) || '';
    const people = separators.map(() => this.customer(culture, withSource(this.sources(culture), 'shop'), { family, given, gender }));
    while (people[1].home.city === people[0].home.city) people[1].home = this.home(people[1].country);
    people.forEach((person, i) => {
      person.email = `${person.givenLatin}${separators[i]}${person.familyLatin}${round}@${domain}`.toLowerCase();
      Object.assign(person, { showsEmail: true, showsAddress: true });
    });
    return people;
  }

  /** 5–10 strangers behind one value: a till's front-desk number, an agency's info@, a reseller's service@. */
  private strangersSharingAValue(): Customer[] {
    const group = this.genericGroups++;
    const [city, , areaCode] = this.pick(CN_CITIES);
    const slug = `${this.random.string.alpha({ length: 5, casing: 'lower' })}${group}`;
    const agency = this.random.company.name();
    const value: GenericValue = [
      { source: 'pos' as const, phone: `${areaCode}-${2 + (group % 7)}${subscriberDigits(group, 1e7)}` },
      { source: 'crm' as const, email: `info@${slug}.com`, company: agency },
      { source: 'shop' as const, email: `service@${slug}.cn` },
    ][group % 3];
    const size = this.random.number.int({ min: 5, max: 10 });
    const strangers: Customer[] = [];
    while (strangers.length < size) {
      const culture: Culture = value.source === 'crm' && this.chance(0.5) ? 'en' : 'zh';
      // Most are walk-ins the clerk filed under the counter's number and never saw again.
      const stranger = this.customer(culture, this.chance(0.6) ? [value.source] : withSource(this.sources(culture), value.source));
      if (strangers.some((other) => other.family + other.given === stranger.family + stranger.given || other.dateOfBirth === stranger.dateOfBirth)) continue;
      if (value.source === 'pos') stranger.home = { ...stranger.home, city };
      stranger.generic = value;
      strangers.push(stranger);
    }
    return strangers;
  }
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const FEMALE_FORMAL_NAMES = new Set(['Elizabeth', 'Margaret', 'Katherine', 'Jennifer', 'Susan', 'Rebecca', 'Deborah', 'Victoria', 'Patricia']);

/**
 * `n` spread over [0, modulus) without collisions: an odd multiplier that is no multiple of 5 is a bijection
 * modulo any 2^a·5^b, and it scatters neighbours (person 7 does not get …0129 0000).
 */
function subscriberDigits(n: number, modulus: number): string {
  return String((n * 54_435_761 + 37_813_529) % modulus).padStart(String(modulus - 1).length, '0');
}

/** 0123456 → 2123456: an exchange starts with 2–9, so seven digits below 8,000,000 are shifted into range. */
function usLineNumber(digits: string): string {
  return `${2 + Number(digits[0])}${digits.slice(1)}`;
}

function withSource(sources: Source[], needed: Source): Source[] {
  return sources.includes(needed) ? sources : [...sources, needed];
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

type NameStyle = 'hanzi' | 'familyFirst' | 'FAMILY FIRST' | 'givenFirst' | 'GIVEN FIRST' | 'fields' | 'formal' | 'preferred' | 'honorific' | 'none';
const weighted = <T>(entries: [T, number][]) => entries.map(([value, weight]) => ({ value, weight }));
const NAME_STYLES: Record<Source, Record<Culture, { value: NameStyle; weight: number }[]>> = {
  shop: {
    zh: weighted([['hanzi', 45], ['FAMILY FIRST', 15], ['familyFirst', 15], ['GIVEN FIRST', 10], ['givenFirst', 5], ['fields', 10]]),
    en: weighted([['fields', 85], ['GIVEN FIRST', 15]]),
  },
  pos: { zh: weighted([['hanzi', 45], ['honorific', 40], ['none', 15]]), en: weighted([['preferred', 55], ['honorific', 25], ['none', 20]]) },
  wechat: { zh: weighted([['hanzi', 1]]), en: weighted([['preferred', 1]]) },
  crm: { zh: weighted([['hanzi', 80], ['familyFirst', 20]]), en: weighted([['formal', 85], ['preferred', 15]]) },
};
type PhoneStyle = 'plain' | 'spaced' | '+86 spaced' | '0086' | '86-' | 'e164' | 'dotted' | 'parenthesized' | 'dashed' | 'international' | 'national';
const PHONE_STYLES: Record<Source, Record<Customer['country'], { value: PhoneStyle; weight: number }[]>> = {
  shop: {
    CN: weighted([['plain', 50], ['+86 spaced', 20], ['e164', 15], ['spaced', 15]]),
    US: weighted([['plain', 50], ['parenthesized', 30], ['international', 20]]),
    GB: weighted([['national', 60], ['international', 40]]),
  },
  pos: { CN: weighted([['plain', 55], ['spaced', 20], ['86-', 10], ['0086', 5], ['+86 spaced', 10]]), US: weighted([['international', 1]]), GB: weighted([['international', 1]]) },
  wechat: { CN: weighted([['plain', 60], ['+86 spaced', 40]]), US: weighted([['international', 1]]), GB: weighted([['international', 1]]) },
  crm: {
    CN: weighted([['+86 spaced', 30], ['plain', 30], ['0086', 20], ['86-', 20]]),
    US: weighted([['dotted', 60], ['dashed', 20], ['international', 20]]),
    GB: weighted([['national', 50], ['international', 50]]),
  },
};
// Exports that hide the middle digits (marketplace orders, a CRM's "privacy" export, some tills).
const MASKED_SHARE: Record<Source, number> = { shop: 0.1, crm: 0.1, pos: 0.05, wechat: 0 };

/** What one source holds of the customer: its own fields, its own way of writing them, its own mistakes. */
function sighting(world: CustomerWorld, customer: Customer, source: Source): Fields {
  const fields: Fields = {};
  const generic = customer.generic?.source === source ? customer.generic : undefined;
  const style = world.random.helpers.weightedArrayElement(NAME_STYLES[source][customer.culture]);
  const phone = () => generic?.phone ?? phoneAsWritten(world, customer, source);
  switch (source) {
    case 'shop':
      Object.assign(fields, nameAsWritten(customer, style));
      if (generic?.email || customer.showsEmail || world.chance(0.85)) fields.email = generic?.email ?? emailAsTyped(world, customer.email);
      if (world.chance(0.9)) fields.phone = phone();
      if (customer.showsAddress || world.chance(0.85)) Object.assign(fields, addressAsWritten(customer.home, false));
      // Asked at sign-up for the birthday coupon.
      if (world.chance(0.15)) fields.date_of_birth = customer.dateOfBirth;
      if (customer.culture === 'en' || world.chance(0.2)) fields.country = customer.country;
      // Orders placed in the shop's WeChat mini-program come with the buyer's unionid.
      if (customer.culture === 'zh' && world.chance(0.35)) fields.wechat_unionid = customer.unionid;
      break;
    case 'pos':
      Object.assign(fields, nameAsWritten(customer, style));
      if (generic || world.chance(0.97)) fields.phone = phone();
      if (world.chance(0.3)) fields.date_of_birth = customer.dateOfBirth;
      if (world.chance(0.4)) fields.gender = customer.gender;
      break;
    case 'wechat':
      fields.nickname = nickname(world, customer);
      fields.wechat_openid = customer.openid;
      if (world.chance(0.6)) fields.wechat_unionid = customer.unionid;
      if (world.chance(customer.culture === 'zh' ? 0.4 : 0.2)) fields.phone = phone();
      // A follower who joined the membership programme typed a real name into its form.
      if (world.chance(0.15)) Object.assign(fields, nameAsWritten(customer, style));
      if (world.chance(0.5)) fields.gender = customer.gender;
      if (world.chance(0.4)) fields.city = customer.home.city;
      break;
    case 'crm':
      Object.assign(fields, nameAsWritten(customer, style));
      if (generic?.company || world.chance(0.75)) fields.company = generic?.company ?? customer.company.name;
      if (generic?.email || world.chance(0.8)) fields.email = generic?.email ?? (world.chance(0.55) ? emailAsTyped(world, customer.email) : workEmail(customer));
      if (world.chance(0.85)) fields.phone = phone();
      if (customer.nationalId && world.chance(0.25)) fields.national_id = customer.nationalId;
      if (world.chance(0.4)) fields.date_of_birth = customer.dateOfBirth;
      if (customer.showsAddress || world.chance(0.5)) Object.assign(fields, addressAsWritten(customer.home, true));
      if (customer.culture === 'en' || world.chance(0.5)) fields.country = customer.country;
      // Contacts a sales rep added on WeCom carry their unionid.
      if (customer.culture === 'zh' && world.chance(0.2)) fields.wechat_unionid = customer.unionid;
      break;
  }
  return withTypos(world, fields);
}

/** 高浩然, GAO HAORAN, Haoran Gao, 高先生; Robert Smith, Bob Smith, Mr Smith. */
function nameAsWritten(customer: Customer, style: NameStyle): Fields {
  const { family, given, familyLatin, givenLatin } = customer;
  const preferred = customer.shortName ?? givenLatin;
  const latinGiven = customer.culture === 'en' ? preferred : givenLatin;
  switch (style) {
    case 'hanzi':
      return { full_name: `${family}${given}` };
    case 'familyFirst':
      return { full_name: `${familyLatin} ${givenLatin}` };
    case 'FAMILY FIRST':
      return { full_name: `${familyLatin} ${givenLatin}`.toUpperCase() };
    case 'givenFirst':
      return { full_name: `${latinGiven} ${familyLatin}` };
    case 'GIVEN FIRST':
      return { full_name: `${latinGiven} ${familyLatin}`.toUpperCase() };
    case 'fields':
      return { first_name: latinGiven, last_name: familyLatin };
    case 'formal':
      return { full_name: `${givenLatin} ${familyLatin}` };
    case 'preferred':
      return { full_name: `${preferred} ${familyLatin}` };
    case 'honorific':
      if (customer.culture === 'zh') return { full_name: `${family}${customer.gender === 'male' ? '先生' : '女士'}` };
      return { full_name: `${customer.gender === 'male' ? 'Mr' : 'Ms'} ${family}` };
    case 'none':
      return {};
  }
}

/** What a follower calls themselves: a display name most of the time, their own name now and then. */
function nickname(world: CustomerWorld, customer: Customer): string {
  const roll = world.random.number.float();
  if (customer.culture === 'zh') {
    if (roll < 0.55) return world.pick(CN_NICKNAMES);
    if (roll < 0.75) return world.chance(0.5) ? `小${customer.given.slice(-1)}` : `${customer.given}🌸`;
    return `${customer.family}${customer.given}`;
  }
  if (roll < 0.4) return world.pick(EN_NICKNAMES);
  if (roll < 0.75) return customer.shortName ?? customer.given;
  return `${customer.shortName ?? customer.given} ${customer.family[0]}.`;
}

function phoneAsWritten(world: CustomerWorld, customer: Customer, source: Source): string {
  const digits = customer.mobile;
  if (customer.country === 'CN' && world.chance(MASKED_SHARE[source])) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  const style = world.random.helpers.weightedArrayElement(PHONE_STYLES[source][customer.country]);
  const [a, b, c] = customer.country === 'US' ? [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)] : [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7)];
  switch (style) {
    case 'plain':
      return digits;
    case 'spaced':
      return `${a} ${b} ${c}`;
    case '+86 spaced':
      return `+86 ${a} ${b} ${c}`;
    case '0086':
      return `0086 ${digits}`;
    case '86-':
      return `86-${digits}`;
    case 'e164':
      return `+86${digits}`;
    case 'dotted':
      return `${a}.${b}.${c}`;
    case 'parenthesized':
      return `(${a}) ${b}-${c}`;
    case 'dashed':
      return `${a}-${b}-${c}`;
    case 'national':
      return `${digits.slice(0, 5)} ${digits.slice(5)}`;
    case 'international':
      return customer.country === 'US' ? `+1 ${a} ${b} ${c}` : `+44 ${digits.slice(1, 5)} ${digits.slice(5)}`;
  }
}

/** Gmail reads j.doe+shop@ as jdoe@: people and forms write it every way. */
function emailAsTyped(world: CustomerWorld, email: string): string {
  const [mailbox, domain] = email.split('@');
  if (domain !== 'gmail.com' || !world.chance(0.3)) return email;
  return world.chance(0.5) ? `${mailbox.replaceAll('.', '')}+shop@${domain}` : `${mailbox.slice(0, 2)}.${mailbox.slice(2)}@${domain}`;
}

function workEmail(customer: Customer): string {
  return `${customer.givenLatin}.${customer.familyLatin}${customer.index + 1000}@${customer.company.domain}`.toLowerCase();
}

/** A shop's one address line (中山路613号, 12 High Street) or a CRM's street and number apart. */
function addressAsWritten(home: Address, split: boolean): Fields {
  const fields: Fields = { city: home.city, postcode: home.postcode };
  if (home.state) fields.state = home.state;
  if (home.flat) fields.address_line2 = home.flat;
  const chinese = /\p{Script=Han}/u.test(home.street);
  if (split) return { ...fields, street: home.street, street_number: chinese ? `${home.number}号` : home.number };
  return { ...fields, street: chinese ? `${home.street}${home.number}号` : `${home.number} ${home.street}` };
}

const NAME_FIELDS = ['full_name', 'first_name', 'last_name'] as const;

/** One record in 25 has a name mistyped, one e-mail in 50, one birth date in 20: each by a single character. */
function withTypos(world: CustomerWorld, fields: Fields): Fields {
  const name = NAME_FIELDS.find((field) => fields[field] && !/先生|女士|^M[rs] /.test(fields[field]!));
  if (name && world.chance(0.04)) fields[name] = misspelled(world, fields[name]!);
  if (fields.email && !/^(info|service)@/.test(fields.email) && world.chance(0.02)) {
    const [mailbox, domain] = fields.email.split('@');
    fields.email = `${misspelled(world, mailbox)}@${domain}`;
  }
  if (fields.date_of_birth && world.chance(0.05)) fields.date_of_birth = mistypedDate(fields.date_of_birth);
  return fields;
}

/**
 * A hanzi name gets the homophone an input method offers; a Latin one loses or doubles a letter, or has a
 * neighbour's. Only letters are hit: thomas.wilson losing its dot would be the look-alike's mailbox, not a typo.
 */
function misspelled(world: CustomerWorld, value: string): string {
  const hanzi = [...value].findIndex((character) => HOMOPHONES[character]);
  if (hanzi >= 0) return [...value].map((character, i) => (i === hanzi ? HOMOPHONES[character] : character)).join('');
  const letters = [...value.slice(1, -1)].flatMap((character, i) => (/[a-z]/i.test(character) ? [i + 1] : []));
  if (letters.length < 2) return value;
  const at = world.pick(letters);
  const kind = world.random.number.int(2);
  if (kind === 0) return value.slice(0, at) + value.slice(at + 1);
  if (kind === 1) return value.slice(0, at) + value[at] + value.slice(at);
  return value.slice(0, at) + (value[at] === 'e' ? 'a' : 'e') + value.slice(at + 1);
}

/** 1985-03-12 → 1985-03-21 (day digits swapped when that is a date) or 1986-03-12. */
function mistypedDate(date: string): string {
  const [year, month, day] = date.split('-');
  const swappedDay = `${day[1]}${day[0]}`;
  if (swappedDay !== day && Number(swappedDay) >= 1 && Number(swappedDay) <= 28) return `${year}-${month}-${swappedDay}`;
  return `${Number(year) + 1}-${month}-${day}`;
}
