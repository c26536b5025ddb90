import { Faker, base, en, zh_CN } from '@faker-js/faker';
import { DEMO_REFERENCE_DATE, DEMO_SOURCES, generateDemoPeople, type DemoPerson, type DemoSource } from './demo-people';

/** The canonical records one source would send, ready for ingestion under that source's name. */
export interface DemoSourceBatch {
  source: string;
  records: Record<string, unknown>[];
}

export interface DemoDatasetOptions {
  customers?: number;
  seed?: number;
}

type DemoEvent = {
  id: string;
  type: 'order' | 'interaction' | 'lead' | 'service_ticket' | 'membership';
  occurred_at: string;
  amount?: number;
  properties?: Record<string, unknown>;
};

/** Shared by every shaper of one source: the seeded generator and that source's id counters. */
interface SourceContext {
  faker: Faker;
  nextRecordNumber(): number;
  nextEventId(): string;
}

const DEFAULT_CUSTOMERS = 300;
const DEFAULT_SEED = 20261123;
const DAY_MS = 24 * 60 * 60 * 1000;
const EVENT_ID_PREFIX: Record<DemoSource, string> = { shop: 'ord', pos: 'txn', wechat: 'wxmsg', crm: 'act' };
const COMMENTS = ['这款还有货吗？', '颜色很好看', '已下单，期待！', '什么时候有活动？', '包装很用心', '求推荐适合送礼的'];
const MESSAGES = ['请问门店几点关门？', '我的订单什么时候发货？', '会员积分怎么兑换？', '可以开发票吗？', 'Do you ship to Hong Kong?'];
const TICKET_SUBJECTS = ['退换货申请', '发票问题', '物流延迟', '会员积分未到账', '产品质量反馈'];

/** Deterministic demo data: the same options give byte-identical batches on every run and machine. */
export function generateDemoDataset(options: DemoDatasetOptions = {}): DemoSourceBatch[] {
  const { faker, people } = planDemo(options);
  return DEMO_SOURCES.map((source) => {
    const context = createSourceContext(faker, source);
    const records = people.filter((person) => person.sources.includes(source)).map((person) => SHAPERS[source](person, context));
    // Sources export in their own order, not in the order the generator invented people.
    return { source, records: faker.helpers.shuffle(records) };
  });
}

/** How many distinct customers the dataset holds: the profile count a correct exact-match resolver must reach. */
export function expectedDemoProfileCount(options: DemoDatasetOptions = {}): number {
  return planDemo(options).people.length;
}

function planDemo(options: DemoDatasetOptions): { faker: Faker; people: DemoPerson[] } {
  const seed = options.seed ?? DEFAULT_SEED;
  const faker = new Faker({ locale: [zh_CN, en, base] });
  const latinFaker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  latinFaker.seed(seed + 1);
  // Guards any faker call that would otherwise default to Date.now().
  faker.setDefaultRefDate(DEMO_REFERENCE_DATE);
  latinFaker.setDefaultRefDate(DEMO_REFERENCE_DATE);
  return { faker, people: generateDemoPeople(faker, latinFaker, options.customers ?? DEFAULT_CUSTOMERS) };
}

function createSourceContext(faker: Faker, source: DemoSource): SourceContext {
  let records = 0;
  let events = 0;
  return {
    faker,
    nextRecordNumber: () => ++records,
    nextEventId: () => `${EVENT_ID_PREFIX[source]}_${String(++events).padStart(6, '0')}`,
  };
}

const SHAPERS: Record<DemoSource, (person: DemoPerson, context: SourceContext) => Record<string, unknown>> = {
  shop: shopRecord,
  pos: posRecord,
  wechat: wechatRecord,
  crm: crmRecord,
};

function shopRecord(person: DemoPerson, { faker, nextRecordNumber, nextEventId }: SourceContext): Record<string, unknown> {
  const orders = Array.from({ length: faker.number.int({ min: 1, max: 8 }) }, (): DemoEvent => ({
    id: nextEventId(),
    type: 'order',
    occurred_at: daysAgo(faker, 730),
    amount: faker.number.float({ min: 29, max: 2999, fractionDigits: 2 }),
    properties: { items: faker.number.int({ min: 1, max: 6 }), channel: 'online', currency: 'CNY' },
  }));
  return withEvents(
    {
      external_id: `C${100000 + nextRecordNumber()}`,
      first_name: person.firstName,
      last_name: person.lastName,
      email: spellEmail(faker, person.email),
      phone: person.plan.shopPhone ? spellPhone(faker, person.phone) : undefined,
      date_of_birth: faker.datatype.boolean(0.4) ? person.dateOfBirth : undefined,
      street: person.street,
      city: person.home.city,
      state: person.home.state,
      postcode: person.postcode,
      country: 'CN',
    },
    orders,
  );
}

function posRecord(person: DemoPerson, { faker, nextRecordNumber, nextEventId }: SourceContext): Record<string, unknown> {
  const store = `${person.home.city}${person.district}店`;
  const memberCard = `M${String(nextRecordNumber()).padStart(8, '0')}`;
  const events: DemoEvent[] = Array.from({ length: faker.number.int({ min: 1, max: 6 }) }, () => ({
    id: nextEventId(),
    type: 'order',
    occurred_at: daysAgo(faker, 730),
    amount: faker.number.float({ min: 15, max: 899, fractionDigits: 2 }),
    properties: { items: faker.number.int({ min: 1, max: 4 }), channel: 'store', store },
  }));
  if (faker.datatype.boolean(0.4)) {
    const tier = faker.helpers.arrayElement(['silver', 'gold', 'platinum']);
    events.push({ id: nextEventId(), type: 'membership', occurred_at: daysAgo(faker, 730), properties: { action: 'joined', tier } });
  }
  return withEvents(
    {
      external_id: memberCard,
      full_name: person.fullName,
      phone: spellPhone(faker, person.phone),
      gender: person.gender,
      date_of_birth: person.dateOfBirth,
      city: person.home.city,
      traits: { member_card: memberCard, points: faker.number.int({ min: 0, max: 20000 }), store },
    },
    events,
  );
}

function wechatRecord(person: DemoPerson, { faker, nextEventId }: SourceContext): Record<string, unknown> {
  const interactions = Array.from({ length: faker.number.int({ min: 1, max: 10 }) }, (): DemoEvent => {
    const kind = faker.helpers.weightedArrayElement([
      { value: 'like', weight: 5 },
      { value: 'comment', weight: 2 },
      { value: 'share', weight: 2 },
      { value: 'message', weight: 1 },
    ]);
    const text = kind === 'comment' ? faker.helpers.arrayElement(COMMENTS) : kind === 'message' ? faker.helpers.arrayElement(MESSAGES) : undefined;
    return { id: nextEventId(), type: 'interaction', occurred_at: daysAgo(faker, 365), properties: text ? { kind, text } : { kind } };
  });
  return withEvents(
    {
      // The openid is what the WeChat API keys a follower by, so it doubles as the record's own key.
      external_id: person.wechatOpenid,
      wechat_unionid: person.wechatUnionid,
      wechat_openid: person.wechatOpenid,
      phone: person.plan.wechatPhone ? spellPhone(faker, person.phone) : undefined,
      gender: person.gender,
      city: person.home.city,
      traits: { nickname: person.nickname, subscribed: faker.datatype.boolean(0.85) },
    },
    interactions,
  );
}

function crmRecord(person: DemoPerson, { faker, nextRecordNumber, nextEventId }: SourceContext): Record<string, unknown> {
  const events: DemoEvent[] = [
    {
      id: nextEventId(),
      type: 'lead',
      occurred_at: daysAgo(faker, 730),
      properties: { channel: faker.helpers.arrayElement(['website', 'trade_show', 'referral', 'wechat_ad']) },
    },
    ...Array.from({ length: faker.number.int({ min: 0, max: 3 }) }, (): DemoEvent => ({
      id: nextEventId(),
      type: 'service_ticket',
      occurred_at: daysAgo(faker, 365),
      properties: { subject: faker.helpers.arrayElement(TICKET_SUBJECTS), status: faker.helpers.arrayElement(['open', 'pending', 'resolved']) },
    })),
  ];
  return withEvents(
    {
      external_id: `CRM-${String(nextRecordNumber()).padStart(6, '0')}`,
      first_name: person.firstName,
      last_name: person.lastName,
      email: person.plan.crm === 'phone' ? undefined : spellEmail(faker, person.email),
      phone: person.plan.crm === 'email' ? undefined : spellPhone(faker, person.phone),
      company: person.company,
      city: person.home.city,
      traits: { lead_status: faker.helpers.arrayElement(['new', 'contacted', 'qualified', 'customer']) },
    },
    events,
  );
}

/** Sorts the events, stamps the record with its latest activity and drops fields the source does not know. */
function withEvents(fields: Record<string, unknown>, events: DemoEvent[]): Record<string, unknown> {
  const sorted = [...events].sort((a, b) => a.occurred_at.localeCompare(b.occurred_at));
  const known = Object.entries(fields).filter(([, value]) => value !== undefined);
  return { ...Object.fromEntries(known), events: sorted, updated_at: sorted[sorted.length - 1].occurred_at };
}

function daysAgo(faker: Faker, maxDays: number): string {
  return faker.date.between({ from: DEMO_REFERENCE_DATE.getTime() - maxDays * DAY_MS, to: DEMO_REFERENCE_DATE }).toISOString();
}

// Sources disagree on spelling; the resolver must normalize, so the demo exercises that.
function spellEmail(faker: Faker, email: string): string {
  const [local, domain] = email.split('@');
  return faker.helpers.weightedArrayElement([
    { value: email, weight: 7 },
    { value: email.toUpperCase(), weight: 1 },
    { value: `${local.replace(/(^|\.)([a-z])/g, (_, dot: string, letter: string) => dot + letter.toUpperCase())}@${domain.replace(/^e/, 'E')}`, weight: 1 },
    { value: `  ${email} `, weight: 1 },
  ]);
}

function spellPhone(faker: Faker, phone: string): string {
  const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
  return faker.helpers.arrayElement([phone, spaced, `+86 ${phone}`, `+86 ${spaced}`, `+86-${spaced.replaceAll(' ', '-')}`]);
}
