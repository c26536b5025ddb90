import { Faker, base } from '@faker-js/faker';
import { REFERENCE_DATE, type SyntheticPerson } from '../sdk/emulation/synthetic-people';
import type { CorpTagListAnswer, ExternalContact, FollowInfo } from './wecom-types';

/**
 * The synthetic WeCom corp behind the emulator: five sales employees and a new hire without customers, a corp
 * tag library, and the
 * pool's people as external contacts, each added by one employee and about a quarter by two or three.
 * WeCom sees a partial view of a person: a WeChat nickname rather than a legal name (their name now and
 * then, as often a phrase such as 阳光), a unionid for most WeChat users only, and whatever the employees
 * typed as remark (a name, a name with a note, a form of address), remark company and remark mobiles.
 */

export interface EmulatedContact {
  /** The synthetic person's key (p000042), for tests. */
  key: string;
  contact: ExternalContact;
  follows: FollowInfo[];
}

export interface EmulatedCorp {
  corpId: string;
  secret: string;
  employees: string[];
  tagGroups: CorpTagListAnswer['tag_group'];
  contacts: EmulatedContact[];
}

const EMPLOYEES = ['zhangwei', 'lina', 'wangfang', 'liuyang', 'chenjing'];
/** Has the customer-contact feature but no customers yet: WeCom answers externalcontact/list for them with 84061. */
export const NEW_HIRE = 'zhaolei';
const TAG_LIBRARY: [string, string[]][] = [
  ['客户等级', ['VIP', '普通客户', '潜在客户']],
  ['来源', ['展会', '门店', '线上广告', '老客户介绍']],
  ['兴趣', ['新品', '促销']],
];
const CHANNEL_STATES = ['spring_fair', 'store_qr_sh', 'wechat_ad_0923'];
/** 1 QR code, 2 mobile search, 3 shared card, 201 added by a colleague (the most common ones). */
const ADD_WAYS = [1, 1, 1, 2, 3, 201];
const POSITIONS = ['采购经理', '总监', 'Manager', '运营'];

export function buildCorp(people: SyntheticPerson[], seed = 20261123): EmulatedCorp {
  const faker = new Faker({ locale: [base] });
  faker.seed(seed + 17);
  const chance = (probability: number) => faker.number.float() < probability;
  const tagGroups = TAG_LIBRARY.map(([groupName, names]) => ({
    group_id: `et${faker.string.alphanumeric(30)}`,
    group_name: groupName,
    deleted: false,
    tag: names.map((name) => ({ id: `et${faker.string.alphanumeric(30)}`, name, deleted: false })),
  }));
  const tagIds = tagGroups.flatMap((group) => group.tag.map((tag) => tag.id));

  const contacts: EmulatedContact[] = [];
  for (const person of people) {
    if (!chance(0.9)) continue; // not everyone has added a sales rep on WeChat
    const isWecomUser = chance(0.1);
    const contact: ExternalContact = {
      external_userid: `${isWecomUser ? 'wo' : 'wm'}${faker.string.alphanumeric(30)}`,
      name: isWecomUser ? person.fullName : nickname(faker, person),
      type: isWecomUser ? 2 : 1,
      avatar: `http://wx.qlogo.cn/mmhead/${faker.string.alphanumeric(40)}/0`,
      // WeChat stopped sharing gender for many users: 0 = unknown.
      gender: chance(0.3) ? 0 : person.gender === 'male' ? 1 : 2,
      // Only WeChat users have one, and only ~90% of those here (bound after they were added, for the rest).
      ...(!isWecomUser && chance(0.9) ? { unionid: person.unionid } : {}),
      ...(isWecomUser ? { corp_name: person.company.slice(0, 6), corp_full_name: person.company, position: faker.helpers.arrayElement(POSITIONS) } : {}),
    };
    const followerCount = chance(0.05) ? 3 : chance(0.22) ? 2 : 1;
    const followers = faker.helpers.arrayElements(EMPLOYEES, followerCount);
    const follows = followers.map((userid) => ({
      userid,
      remark: remarkFor(faker, person),
      description: chance(0.2) ? faker.helpers.arrayElement(['老客户，关注新品', '对价格敏感', '月底回访']) : '',
      createtime: Math.floor(faker.date.between({ from: person.createdAt, to: REFERENCE_DATE }).getTime() / 1000),
      tag_id: faker.helpers.arrayElements(tagIds, faker.number.int({ min: 0, max: 2 })),
      remark_corp_name: chance(0.15) ? person.company : '',
      remark_mobiles: chance(0.6) ? [typedMobile(faker, person.phone)] : [],
      add_way: faker.helpers.arrayElement(ADD_WAYS),
      ...(chance(0.3) ? { state: faker.helpers.arrayElement(CHANNEL_STATES) } : {}),
    }));
    contacts.push({ key: person.key, contact, follows });
  }
  return { corpId: `ww${faker.string.hexadecimal({ length: 16, casing: 'lower', prefix: '' })}`, secret: faker.string.alphanumeric(43), employees: [...EMPLOYEES, NEW_HIRE], tagGroups, contacts };
}

/** Nicknames that are no one's name, which strangers share. */
const PHRASE_NICKNAMES = ['阳光', '小猫咪', '快乐每一天', '静待花开', '岁月静好', '追梦人', '一路向北', '平安是福', '向日葵', '简单就好'];
const ENGLISH_NICKNAMES = ['Sunny', 'Lucky', 'Coco', 'Kiki', 'Dreamer', 'Happy Life'];

/** What people call themselves on WeChat: their name or part of it, a phrase, an English name. */
function nickname(faker: Faker, person: SyntheticPerson): string {
  // Picked by the person's index, not drawn, so the corp's other random values stay as they were.
  const shared = (nicknames: string[]) => nicknames[Number(person.key.slice(1)) % nicknames.length];
  if (person.origin === 'latin') return faker.helpers.arrayElement([person.fullName, person.firstName, `${person.firstName} ${person.lastName[0]}.`, shared(ENGLISH_NICKNAMES)]);
  return faker.helpers.arrayElement([person.fullName, person.firstName, `${person.firstName}🌸`, `小${person.firstName.slice(-1)}`, shared(PHRASE_NICKNAMES), shared(ENGLISH_NICKNAMES)]);
}

/** What an employee types as the remark: a name, a title, a note about where they met. */
function remarkFor(faker: Faker, person: SyntheticPerson): string {
  if (person.origin === 'latin') return faker.helpers.arrayElement([person.fullName, person.firstName, '']);
  const title = person.gender === 'male' ? '先生' : '女士';
  return faker.helpers.arrayElement([person.fullName, `${person.lastName}${title}`, `${person.fullName}-${person.city}`, '']);
}

/** A phone number as typed by hand: several formats, and now and then a digit short (invalid). */
function typedMobile(faker: Faker, phone: string): string {
  if (faker.number.float() < 0.08) return phone.slice(0, 10);
  return faker.helpers.arrayElement([
    phone,
    phone,
    `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
    `+86 ${phone}`,
    `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
    `0086-${phone}`,
  ]);
}
