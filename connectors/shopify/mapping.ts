import { consentFieldName } from '../sdk/records';

/**
 * Shopify Admin GraphQL nodes → canonical records. Pure functions, no I/O.
 *
 * Why orders are records of their own (external_id = the order's gid) and not records of the customer:
 * the hub stores one source record per (connection, external_id) and a new version of a record replaces
 * the old one, events included. Keyed by the customer gid, an order would overwrite the customer's full
 * record from the customers stream, and each further order of that customer would erase the previous
 * order's event. Keyed by the order gid, every order keeps its event; it joins its buyer's profile through
 * `customer_external_id` (the customer gid), and a guest checkout, which has no customer, through the e-mail
 * and phone it carries.
 */

export type MappingResult = { ok: true; record: Record<string, unknown> } | { ok: false; reason: string };

interface Money {
  amount?: string | null;
  currencyCode?: string | null;
}

export interface ShopifyCustomerNode {
  id?: string | null;
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  tags?: string[] | null;
  /** UnsignedInt64, which Shopify serializes as a string. */
  numberOfOrders?: string | number | null;
  amountSpent?: Money | null;
  defaultAddress?: {
    address1?: string | null;
    address2?: string | null;
    city?: string | null;
    province?: string | null;
    zip?: string | null;
    countryCodeV2?: string | null;
    phone?: string | null;
    company?: string | null;
  } | null;
  emailMarketingConsent?: ShopifyMarketingConsent | null;
  smsMarketingConsent?: (ShopifyMarketingConsent & { consentCollectedFrom?: string | null }) | null;
}

/** CustomerEmailMarketingConsentState / CustomerSmsMarketingConsentState: null when the customer has no e-mail / phone. */
export interface ShopifyMarketingConsent {
  /** NOT_SUBSCRIBED, PENDING, SUBSCRIBED, UNSUBSCRIBED, REDACTED, INVALID (e-mail only). */
  marketingState?: string | null;
  /** SINGLE_OPT_IN, CONFIRMED_OPT_IN, UNKNOWN. */
  marketingOptInLevel?: string | null;
  /** When the consent was given or changed; null when the customer never changed it. */
  consentUpdatedAt?: string | null;
}

export interface ShopifyOrderNode {
  id?: string | null;
  name?: string | null;
  /** The checkout's contact details, present on guest orders too. */
  email?: string | null;
  phone?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  totalPriceSet?: { shopMoney?: Money | null } | null;
  customer?: { id?: string | null; email?: string | null; phone?: string | null } | null;
}

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/\d+$/;
const ORDER_GID = /^gid:\/\/shopify\/Order\/\d+$/;
const HAN = /\p{Script=Han}/u;

export function mapCustomer(node: ShopifyCustomerNode): MappingResult {
  if (!node.id || !CUSTOMER_GID.test(node.id)) return { ok: false, reason: `customer has no Shopify customer id (got ${JSON.stringify(node.id ?? null)})` };
  const updatedAt = validTimestamp(node.updatedAt);
  if (!updatedAt) return { ok: false, reason: `customer ${node.id} has no readable updatedAt (${JSON.stringify(node.updatedAt ?? null)})` };
  const address = node.defaultAddress ?? {};
  const firstName = clean(node.firstName);
  const lastName = clean(node.lastName);
  return {
    ok: true,
    record: withoutEmpty({
      external_id: node.id,
      first_name: firstName,
      last_name: lastName,
      full_name: fullName(firstName, lastName),
      email: clean(node.email)?.toLowerCase(),
      phone: clean(node.phone),
      street: [clean(address.address1), clean(address.address2)].filter(Boolean).join(', ') || undefined,
      city: clean(address.city),
      state: clean(address.province),
      postcode: clean(address.zip),
      country: clean(address.countryCodeV2),
      company: clean(address.company),
      traits: withoutEmpty({
        shopify_tags: node.tags && node.tags.length > 0 ? node.tags.join(', ') : undefined,
        shopify_orders_count: numberOrUndefined(node.numberOfOrders),
        shopify_amount_spent: numberOrUndefined(node.amountSpent?.amount),
        shopify_currency: clean(node.amountSpent?.currencyCode),
        shopify_email_marketing: clean(node.emailMarketingConsent?.marketingState),
        // The address phone may be a recipient's, not the customer's: kept as a trait, never as an identifier.
        shopify_address_phone: clean(address.phone),
        shopify_created_at: validTimestamp(node.createdAt),
      }),
      ...marketingConsent('email', node.emailMarketingConsent),
      ...marketingConsent('sms', node.smsMarketingConsent),
      updated_at: updatedAt,
    }),
  };
}

export function mapOrder(node: ShopifyOrderNode): MappingResult {
  if (!node.id || !ORDER_GID.test(node.id)) return { ok: false, reason: `order has no Shopify order id (got ${JSON.stringify(node.id ?? null)})` };
  const label = node.name ? `order ${node.name} (${node.id})` : `order ${node.id}`;
  const createdAt = validTimestamp(node.createdAt);
  if (!createdAt) return { ok: false, reason: `${label} has no readable createdAt (${JSON.stringify(node.createdAt ?? null)})` };
  const customerId = node.customer?.id ?? undefined;
  const email = clean(node.customer?.email) ?? clean(node.email);
  const phone = clean(node.customer?.phone) ?? clean(node.phone);
  if (!email && !phone) {
    return { ok: false, reason: `${label} carries no e-mail or phone${customerId ? ` (customer ${customerId} has neither)` : ' and no customer'}: nothing links it to a person` };
  }
  const money = node.totalPriceSet?.shopMoney;
  return {
    ok: true,
    record: withoutEmpty({
      external_id: node.id,
      // The buyer's customer record: the order joins that customer's profile on it, whatever the contact says.
      customer_external_id: customerId,
      email: email?.toLowerCase(),
      phone,
      traits: customerId ? { shopify_customer_id: customerId } : undefined,
      events: [
        withoutEmpty({
          id: node.id,
          type: 'order',
          occurred_at: createdAt,
          amount: numberOrUndefined(money?.amount),
          properties: withoutEmpty({ order_name: clean(node.name), currency: clean(money?.currencyCode), shopify_customer_id: customerId, guest_checkout: !customerId }),
        }),
      ],
      updated_at: validTimestamp(node.updatedAt) ?? createdAt,
    }),
  };
}

// What Shopify's marketing states say about consent to marketing. PENDING is a double opt-in not yet
// confirmed and INVALID an address mail cannot reach: neither allows marketing, neither is a refusal.
// REDACTED (the customer's data was erased) says nothing.
const MARKETING_STATUS: Record<string, string> = { SUBSCRIBED: 'granted', NOT_SUBSCRIBED: 'denied', UNSUBSCRIBED: 'withdrawn', PENDING: 'unknown', INVALID: 'unknown' };

/** A marketing consent state as consent_<channel>_marketing fields, with consentUpdatedAt as the source time. */
function marketingConsent(channel: 'email' | 'sms', consent: ShopifyMarketingConsent | null | undefined): Record<string, string> {
  const status = MARKETING_STATUS[clean(consent?.marketingState) ?? ''];
  if (!status) return {};
  const at = validTimestamp(consent?.consentUpdatedAt);
  return { [consentFieldName(channel, 'marketing')]: status, ...(at && { [consentFieldName(channel, 'marketing', true)]: at }) };
}

/**
 * Shopify stores names in western order. For Chinese names (firstName = given name) the full name is
 * family name first without a space, as the person writes it; otherwise "first last".
 */
export function fullName(firstName: string | undefined, lastName: string | undefined): string | undefined {
  if (!firstName || !lastName) return firstName ?? lastName;
  return HAN.test(firstName) && HAN.test(lastName) ? `${lastName}${firstName}` : `${firstName} ${lastName}`;
}

function clean(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function validTimestamp(value: string | null | undefined): string | undefined {
  return value && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

function numberOrUndefined(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Drops undefined values and empty objects, so payloads carry only what Shopify actually said. */
function withoutEmpty<T extends Record<string, unknown>>(object: T): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined && !(typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0)),
  );
}
