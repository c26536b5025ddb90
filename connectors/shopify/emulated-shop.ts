import { Faker, base, en } from '@faker-js/faker';
import { REFERENCE_DATE, type SyntheticPerson } from '../sdk/emulation/synthetic-people';

/**
 * The store behind the Shopify emulator: Shopify's partial view of the synthetic people (e-mail for most,
 * an E.164 phone for about half, names in western order, a default address for most) and their 0–5 orders,
 * plus a few guest and walk-in orders that belong to no customer. Deterministic for a given seed.
 */

export interface ShopCustomer {
  numericId: number;
  person: SyntheticPerson;
  email?: string;
  phone?: string;
  address?: { phone?: string; company?: string };
  tags: string[];
  marketingState: MarketingState;
  /** SMS marketing, for customers with a phone. */
  smsMarketingState: MarketingState;
  /** When each consent was last changed (null: never, as Shopify answers for untouched defaults). */
  emailConsentUpdatedAt: Date | null;
  smsConsentUpdatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type MarketingState = 'SUBSCRIBED' | 'NOT_SUBSCRIBED' | 'UNSUBSCRIBED' | 'PENDING';

export interface ShopOrder {
  numericId: number;
  name: string;
  customer?: ShopCustomer;
  /** Checkout contact of a guest order (no customer account). */
  guestEmail?: string;
  totalCents: number;
  createdAt: Date;
  updatedAt: Date;
}

const PROVINCE_OF_CITY: Record<string, string> = { 上海: 'Shanghai', 北京: 'Beijing', 杭州: 'Zhejiang', 深圳: 'Guangdong', 广州: 'Guangdong', 成都: 'Sichuan', 南京: 'Jiangsu' };
const TAGS = ['vip', 'newsletter', 'wholesale', 'repeat-buyer', 'wechat-lead'];
const DAY_MS = 86_400_000;
const FIRST_CUSTOMER_ID = 7_300_000_000_000;
const FIRST_ORDER_ID = 5_600_000_000_000;

export const customerGid = (customer: ShopCustomer) => `gid://shopify/Customer/${customer.numericId}`;
export const orderGid = (order: ShopOrder) => `gid://shopify/Order/${order.numericId}`;
/** Shopify's DateTime: ISO 8601 in UTC, whole seconds. */
export const shopifyTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const wholeSeconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);

export class EmulatedShop {
  readonly customers: ShopCustomer[];
  readonly orders: ShopOrder[] = [];
  private readonly byKey: Map<string, ShopCustomer>;
  /** Bumped by every change, so listings sorted for an earlier version are known to be stale. */
  version = 0;
  // A customer node shows the customer's order count and total: looked up here, not by scanning every order.
  private readonly ordersByCustomer = new Map<ShopCustomer, ShopOrder[]>();

  constructor(people: SyntheticPerson[], seed: number) {
    const faker = new Faker({ locale: [en, base], seed: seed + 17 });
    const chance = (probability: number) => faker.number.float() < probability;
    this.customers = people.map((person, index) => {
      const hasEmail = chance(0.92);
      // Derived from the id, not drawn from faker: the other fields keep the values earlier seeds gave them.
      const numericId = FIRST_CUSTOMER_ID + index;
      const smsMarketingState: MarketingState = numericId % 5 === 0 ? 'SUBSCRIBED' : numericId % 7 === 0 ? 'UNSUBSCRIBED' : 'NOT_SUBSCRIBED';
      const consentChangedAt = (offsetDays: number) => wholeSeconds(new Date(person.createdAt.getTime() + offsetDays * DAY_MS));
      return {
        smsMarketingState,
        smsConsentUpdatedAt: smsMarketingState === 'NOT_SUBSCRIBED' ? null : consentChangedAt(1 + (numericId % 11)),
        emailConsentUpdatedAt: null as Date | null,
        numericId: FIRST_CUSTOMER_ID + index,
        person,
        email: hasEmail ? person.email : undefined,
        // Checkout needs an e-mail or a phone, so a customer without an e-mail always has a phone.
        phone: !hasEmail || chance(0.46) ? `+86${person.phone}` : undefined,
        address: chance(0.85) ? { phone: chance(0.3) ? `+86${person.phone}` : undefined, company: chance(0.15) ? person.company : undefined } : undefined,
        tags: faker.helpers.arrayElements(TAGS, { min: 0, max: 2 }),
        marketingState: !hasEmail ? 'NOT_SUBSCRIBED' : faker.helpers.weightedArrayElement([{ weight: 4, value: 'SUBSCRIBED' as const }, { weight: 5, value: 'NOT_SUBSCRIBED' as const }, { weight: 1, value: 'UNSUBSCRIBED' as const }]),
        createdAt: wholeSeconds(person.createdAt),
        updatedAt: wholeSeconds(person.updatedAt),
      };
    });
    for (const customer of this.customers) if (customer.marketingState !== 'NOT_SUBSCRIBED') customer.emailConsentUpdatedAt = wholeSeconds(new Date(customer.createdAt.getTime() + (customer.numericId % 13) * DAY_MS));
    this.byKey = new Map(this.customers.map((customer) => [customer.person.key, customer]));

    const drafts: Omit<ShopOrder, 'numericId' | 'name'>[] = [];
    const orderBetween = (from: Date, customer?: ShopCustomer, guestEmail?: string) => {
      // Orders are edited (paid, fulfilled) within three days, all before the reference date.
      const createdAt = wholeSeconds(faker.date.between({ from, to: REFERENCE_DATE.getTime() - 3 * DAY_MS }));
      const updatedAt = new Date(createdAt.getTime() + faker.number.int({ min: 0, max: (3 * DAY_MS) / 1000 }) * 1000);
      drafts.push({ customer, guestEmail, totalCents: faker.number.int({ min: 29, max: 1999 }) * 100 + faker.helpers.arrayElement([0, 50, 90]), createdAt, updatedAt });
    };
    for (const customer of this.customers) {
      for (let n = faker.number.int({ min: 0, max: 5 }); n > 0; n--) orderBetween(customer.createdAt, customer);
      // Now and then someone checks out as a guest, or buys at the till without giving any contact.
      if (chance(0.08)) orderBetween(customer.createdAt, undefined, customer.person.email);
      if (chance(0.03)) orderBetween(customer.createdAt);
    }
    drafts.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    for (const draft of drafts) this.addOrder(draft);
    // Placing an order changes a customer's order count and amount spent, so it updates the customer.
    for (const order of this.orders) if (order.customer && order.updatedAt > order.customer.updatedAt) order.customer.updatedAt = order.updatedAt;
  }

  customer(key: string): ShopCustomer {
    const customer = this.byKey.get(key);
    if (!customer) throw new Error(`the emulated shop has no customer for person ${key}`);
    return customer;
  }

  /** An edit in the Shopify admin: a tag is added and updatedAt moves to `at`. */
  touch(key: string, at: Date): void {
    const customer = this.customer(key);
    customer.tags = [...new Set([...customer.tags, 'edited'])];
    customer.updatedAt = wholeSeconds(at);
    this.version++;
  }

  /** The customer changes a marketing consent at `at` (Shopify records the time and updates the customer). */
  setMarketingConsent(key: string, channel: 'email' | 'sms', state: MarketingState, at: Date): void {
    const customer = this.customer(key);
    if (channel === 'email') Object.assign(customer, { marketingState: state, emailConsentUpdatedAt: wholeSeconds(at) });
    else Object.assign(customer, { smsMarketingState: state, smsConsentUpdatedAt: wholeSeconds(at) });
    customer.updatedAt = wholeSeconds(at);
    this.version++;
  }

  /** A new order by this customer at `at`; the customer is updated too. Returns the order's gid. */
  placeOrder(key: string, at: Date, totalCents = 19_900): string {
    const customer = this.customer(key);
    const order = this.addOrder({ customer, totalCents, createdAt: wholeSeconds(at), updatedAt: wholeSeconds(at) });
    customer.updatedAt = order.updatedAt;
    this.version++;
    return orderGid(order);
  }

  customerNode(customer: ShopCustomer) {
    const { person } = customer;
    const orders = this.ordersByCustomer.get(customer) ?? [];
    return {
      id: customerGid(customer),
      email: customer.email ?? null,
      phone: customer.phone ?? null,
      firstName: person.firstName,
      lastName: person.lastName,
      createdAt: shopifyTime(customer.createdAt),
      updatedAt: shopifyTime(customer.updatedAt),
      tags: customer.tags,
      numberOfOrders: String(orders.length),
      amountSpent: money(orders.reduce((sum, order) => sum + order.totalCents, 0)),
      defaultAddress: customer.address
        ? { address1: person.street, address2: null, city: person.city, province: PROVINCE_OF_CITY[person.city] ?? null, zip: person.postcode, countryCodeV2: 'CN', phone: customer.address.phone ?? null, company: customer.address.company ?? null }
        : null,
      // As the Admin API answers: null without an e-mail / phone; an opt-in level once the customer opted in.
      emailMarketingConsent: customer.email
        ? { marketingState: customer.marketingState, marketingOptInLevel: optInLevel(customer.marketingState), consentUpdatedAt: customer.emailConsentUpdatedAt && shopifyTime(customer.emailConsentUpdatedAt) }
        : null,
      smsMarketingConsent: customer.phone
        ? {
            marketingState: customer.smsMarketingState,
            marketingOptInLevel: optInLevel(customer.smsMarketingState),
            consentUpdatedAt: customer.smsConsentUpdatedAt && shopifyTime(customer.smsConsentUpdatedAt),
            consentCollectedFrom: 'SHOPIFY',
          }
        : null,
    };
  }

  orderNode(order: ShopOrder) {
    const { customer } = order;
    return {
      id: orderGid(order),
      name: order.name,
      email: customer?.email ?? order.guestEmail ?? null,
      phone: customer?.phone ?? null,
      createdAt: shopifyTime(order.createdAt),
      updatedAt: shopifyTime(order.updatedAt),
      totalPriceSet: { shopMoney: money(order.totalCents) },
      customer: customer ? { id: customerGid(customer), email: customer.email ?? null, phone: customer.phone ?? null } : null,
    };
  }

  private addOrder(draft: Omit<ShopOrder, 'numericId' | 'name'>): ShopOrder {
    const sequence = this.orders.length;
    const order = { ...draft, numericId: FIRST_ORDER_ID + sequence * 13, name: `#${1001 + sequence}` };
    this.orders.push(order);
    if (order.customer) this.ordersByCustomer.set(order.customer, [...(this.ordersByCustomer.get(order.customer) ?? []), order]);
    return order;
  }
}

function optInLevel(state: MarketingState): string | null {
  return state === 'NOT_SUBSCRIBED' ? null : state === 'PENDING' ? 'CONFIRMED_OPT_IN' : 'SINGLE_OPT_IN';
}

function money(cents: number) {
  return { amount: (cents / 100).toFixed(2), currencyCode: 'CNY' };
}
