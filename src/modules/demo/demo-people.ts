import type { Faker } from '@faker-js/faker';

/** Every date in the demo is relative to this instant, so a given seed yields the same dataset on any day. */
export const DEMO_REFERENCE_DATE = new Date('2026-11-01T00:00:00Z');

export const DEMO_SOURCES = ['shop', 'pos', 'wechat', 'crm'] as const;
export type DemoSource = (typeof DEMO_SOURCES)[number];

/**
 * Which identifiers a person's records carry, chosen so that all of them are linked by an
 * exact e-mail or phone match: the resolver then finds exactly one profile per person.
 */
export interface IdentifierPlan {
  shopPhone: boolean;
  wechatPhone: boolean;
  crm: 'email' | 'phone' | 'both';
}

export interface DemoCity {
  city: string;
  state: string;
  postcodePrefix: string;
  districts: string[];
}

/** One real customer, as the generator knows them before any source gets its partial view. */
export interface DemoPerson {
  origin: 'cn' | 'latin';
  firstName: string;
  lastName: string;
  fullName: string;
  nickname: string;
  gender: 'female' | 'male';
  dateOfBirth: string;
  /** Lower-case; sources may spell it differently. */
  email: string;
  /** 11-digit mainland mobile number without country code; sources format it their own way. */
  phone: string;
  wechatUnionid: string;
  wechatOpenid: string;
  home: DemoCity;
  district: string;
  street: string;
  postcode: string;
  company: string;
  sources: DemoSource[];
  plan: IdentifierPlan;
}

const CITIES: DemoCity[] = [
  { city: '上海', state: '上海市', postcodePrefix: '200', districts: ['静安区', '徐汇区', '浦东新区', '长宁区'] },
  { city: '北京', state: '北京市', postcodePrefix: '100', districts: ['朝阳区', '海淀区', '东城区', '西城区'] },
  { city: '杭州', state: '浙江省', postcodePrefix: '310', districts: ['西湖区', '上城区', '滨江区'] },
  { city: '深圳', state: '广东省', postcodePrefix: '518', districts: ['南山区', '福田区', '罗湖区'] },
  { city: '广州', state: '广东省', postcodePrefix: '510', districts: ['天河区', '越秀区', '海珠区'] },
  { city: '成都', state: '四川省', postcodePrefix: '610', districts: ['锦江区', '武侯区', '高新区'] },
  { city: '南京', state: '江苏省', postcodePrefix: '210', districts: ['鼓楼区', '玄武区', '建邺区'] },
  { city: '苏州', state: '江苏省', postcodePrefix: '215', districts: ['姑苏区', '工业园区'] },
];

// Pinyin travels with each name so Chinese customers get believable e-mail addresses.
const SURNAMES: [string, string][] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'],
  ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'],
  ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['林', 'lin'], ['高', 'gao'], ['罗', 'luo'],
];
const GIVEN_NAMES: Record<'female' | 'male', [string, string][]> = {
  female: [['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['艳', 'yan'], ['婷', 'ting'], ['秀英', 'xiuying'], ['欣怡', 'xinyi'], ['梓萱', 'zixuan'], ['雨涵', 'yuhan']],
  male: [['伟', 'wei'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['杰', 'jie'], ['涛', 'tao'], ['明', 'ming'], ['浩然', 'haoran'], ['宇轩', 'yuxuan'], ['子豪', 'zihao']],
};
const COMPANY_BRANDS = ['云帆', '华启', '锦程', '蓝海', '星河', '致远', '恒信', '青禾', '万象', '博远'];
const COMPANY_TRADES = ['科技', '贸易', '文化传媒', '餐饮管理', '电子商务', '咨询', '物流', '设计'];
const NICKNAME_WORDS = ['小鱼', '阿木', '橘子', '晴天', '大白', '糖糖', '木木', '一只猫', 'Coco', 'Lucky', '向日葵', '慢慢'];
// Prefixes libphonenumber knows as mainland mobile ranges (154 is unallocated).
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '180', '181', '182', '183', '185', '186', '187', '188', '189'];
const WECHAT_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A share of Latin-named customers (expats, cross-border shoppers) who mostly reach the brand by e-mail. */
const LATIN_SHARE = 0.2;
/** Every Nth customer is linked only through the CRM: shop knows the e-mail, POS the phone, CRM both. */
const TRANSITIVE_EVERY = 25;

/** The real customers behind the demo; `latinFaker` supplies Latin names, `faker` everything else. */
export function generateDemoPeople(faker: Faker, latinFaker: Faker, count: number): DemoPerson[] {
  const taken = { emails: new Set<string>(), phones: new Set<string>() };
  return Array.from({ length: count }, (_, index) => {
    const transitive = index % TRANSITIVE_EVERY === TRANSITIVE_EVERY - 1;
    const origin = !transitive && faker.datatype.boolean(LATIN_SHARE) ? 'latin' : 'cn';
    const sources: DemoSource[] = transitive ? ['shop', 'crm', 'pos'] : pickSources(faker, origin);
    const plan: IdentifierPlan = transitive ? { shopPhone: false, wechatPhone: false, crm: 'both' } : planIdentifiers(faker, sources);
    return createPerson(faker, latinFaker, origin, sources, plan, taken);
  });
}

function createPerson(
  faker: Faker,
  latinFaker: Faker,
  origin: DemoPerson['origin'],
  sources: DemoSource[],
  plan: IdentifierPlan,
  taken: { emails: Set<string>; phones: Set<string> },
): DemoPerson {
  const gender = faker.helpers.arrayElement(['female', 'male'] as const);
  const home = faker.helpers.arrayElement(CITIES);
  const district = faker.helpers.arrayElement(home.districts);
  const name = origin === 'cn' ? chineseName(faker, gender) : latinName(latinFaker, gender);
  const birth = faker.date.birthdate({ mode: 'age', min: 18, max: 70, refDate: DEMO_REFERENCE_DATE });
  return {
    origin,
    ...name,
    nickname: origin === 'cn' ? faker.helpers.arrayElement(NICKNAME_WORDS) + (faker.helpers.maybe(() => String(faker.number.int(99)), { probability: 0.4 }) ?? '') : name.firstName,
    gender,
    dateOfBirth: birth.toISOString().slice(0, 10),
    email: uniqueEmail(faker, name.emailLocalPart, taken.emails),
    phone: uniquePhone(faker, taken.phones),
    wechatUnionid: wechatId(faker),
    wechatOpenid: wechatId(faker),
    home,
    district,
    street: `${district}${faker.location.street()}${faker.number.int({ min: 1, max: 999 })}号`,
    postcode: home.postcodePrefix + faker.string.numeric(3),
    company: origin === 'cn' ? `${home.city}${faker.helpers.arrayElement(COMPANY_BRANDS)}${faker.helpers.arrayElement(COMPANY_TRADES)}有限公司` : latinFaker.company.name(),
    sources,
    plan,
  };
}

function chineseName(faker: Faker, gender: DemoPerson['gender']) {
  const [lastName, lastPinyin] = faker.helpers.arrayElement(SURNAMES);
  const [firstName, firstPinyin] = faker.helpers.arrayElement(GIVEN_NAMES[gender]);
  const emailLocalPart = faker.helpers.arrayElement([`${lastPinyin}${firstPinyin}`, `${firstPinyin}.${lastPinyin}`, `${lastPinyin}.${firstPinyin}`]);
  return { firstName, lastName, fullName: lastName + firstName, emailLocalPart };
}

function latinName(latinFaker: Faker, gender: DemoPerson['gender']) {
  const firstName = latinFaker.person.firstName(gender);
  const lastName = latinFaker.person.lastName();
  const emailLocalPart = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
  return { firstName, lastName, fullName: `${firstName} ${lastName}`, emailLocalPart };
}

// Identifiers are unique per person: two people sharing one would be merged by the resolver, breaking the ground truth.
function uniqueEmail(faker: Faker, localPart: string, taken: Set<string>): string {
  let email = `${localPart}@example.com`;
  while (taken.has(email)) email = `${localPart}${faker.number.int({ min: 1, max: 999 })}@example.com`;
  taken.add(email);
  return email;
}

function uniquePhone(faker: Faker, taken: Set<string>): string {
  let phone: string;
  do phone = faker.helpers.arrayElement(MOBILE_PREFIXES) + faker.string.numeric(8);
  while (taken.has(phone));
  taken.add(phone);
  return phone;
}

/** WeChat-style 28-character id, e.g. `o6_bmasdasdsad6_2sgVt7hMZOPfL`. */
function wechatId(faker: Faker): string {
  return 'o' + faker.string.fromCharacters(WECHAT_ID_ALPHABET, 27);
}

const SOURCE_WEIGHTS: Record<'cnSingle' | 'cnMulti' | 'latin', Record<DemoSource, number>> = {
  // Many followers of the WeChat account never buy: they are the bulk of single-source Chinese customers.
  cnSingle: { shop: 2, pos: 2, wechat: 6, crm: 1 },
  cnMulti: { shop: 3, pos: 3, wechat: 2, crm: 1 },
  // Latin-named customers rarely follow the WeChat account and mostly buy online.
  latin: { shop: 5, pos: 1, wechat: 0.3, crm: 4 },
};

function pickSources(faker: Faker, origin: DemoPerson['origin']): DemoSource[] {
  const count = faker.helpers.weightedArrayElement([
    { value: 1, weight: 45 },
    { value: 2, weight: 30 },
    { value: 3, weight: 17 },
    { value: 4, weight: 8 },
  ]);
  const weights = SOURCE_WEIGHTS[origin === 'latin' ? 'latin' : count === 1 ? 'cnSingle' : 'cnMulti'];
  const remaining = [...DEMO_SOURCES];
  const picked: DemoSource[] = [];
  while (picked.length < count) {
    const source = faker.helpers.weightedArrayElement(remaining.map((value) => ({ value, weight: weights[value] })));
    picked.push(source);
    remaining.splice(remaining.indexOf(source), 1);
  }
  return DEMO_SOURCES.filter((source) => picked.includes(source));
}

function planIdentifiers(faker: Faker, sources: DemoSource[]): IdentifierPlan {
  const plan: IdentifierPlan = {
    shopPhone: faker.datatype.boolean(0.3),
    // A WeChat record links to other sources only through the phone its owner shared.
    wechatPhone: sources.length > 1 || faker.datatype.boolean(0.15),
    crm: faker.helpers.arrayElement(['email', 'phone', 'both'] as const),
  };
  // Where the random choice leaves records unlinked, the sources that can carry the phone all do.
  return linksAllRecords(sources, plan) ? plan : { ...plan, shopPhone: true, crm: 'both' };
}

/** Whether the records of one person form a single group under exact e-mail or phone matching. */
export function linksAllRecords(sources: DemoSource[], plan: IdentifierPlan): boolean {
  if (sources.length === 1) return true;
  const carried = sources.map((source) => ({
    email: source === 'shop' || (source === 'crm' && plan.crm !== 'phone'),
    phone: source === 'pos' || (source === 'shop' && plan.shopPhone) || (source === 'wechat' && plan.wechatPhone) || (source === 'crm' && plan.crm !== 'email'),
  }));
  if (carried.some((ids) => !ids.email && !ids.phone)) return false;
  const anyEmail = carried.some((ids) => ids.email);
  const anyPhone = carried.some((ids) => ids.phone);
  return !(anyEmail && anyPhone) || carried.some((ids) => ids.email && ids.phone);
}
