import type { ProfileEventRow } from '../profiles';
import type { ComputedTraitSettings } from './computed-trait-settings';
import { textSentiment } from './sentiment';

/**
 * Computed traits: values derived from a profile's events (orders, interactions, loyalty, CRM), as pure
 * functions of the events and the time. The store recomputes a profile's set whenever its events may have
 * changed (ingestion, merge, split) and, for the time-relative ones, on schedule.
 */
/** An event of a profile's history, as the profile store answers it. */
export type ProfileEvent = ProfileEventRow;

/** Which events produced a value: the registry's input types, how many events were read and the latest. */
export interface ComputedTraitLineage {
  eventTypes: string[];
  eventCount: number;
  lastEventId: string | null;
  lastEventAt: string | null;
}

export type ComputedValue = string | number | string[];

export interface ComputedTraitValue {
  key: string;
  value: ComputedValue;
  lineage: ComputedTraitLineage;
}

export interface ComputedTraitDefinition {
  key: string;
  description: string;
  inputs: string[];
  /** Whether time alone changes the value (days since, last N days): recomputed on schedule. */
  timeRelative: boolean;
}

const DAY_MS = 86_400_000;
const INTERACTION_KINDS = ['like', 'comment', 'share', 'message'] as const;
const TEXT_KINDS = new Set(['comment', 'message']);
const VOID_ORDER_STATUSES = new Set(['cancelled', 'canceled', 'refunded', 'voided']);
const CLOSED_TICKET_STATUSES = new Set(['closed', 'resolved', 'solved', 'done', 'cancelled']);
/** Per-channel interaction counts are keyed `interaction_count.<channel>`. */
const CHANNEL_COUNT_PREFIX = 'interaction_count.';

const define = (key: string, inputs: string[], description: string, timeRelative = false): ComputedTraitDefinition => ({ key, inputs, description, timeRelative });

export const COMPUTED_TRAIT_DEFINITIONS: readonly ComputedTraitDefinition[] = [
  define('order_count', ['order'], 'Orders placed (cancelled and refunded ones left out).'),
  define('total_spent', ['order'], 'Sum of the order amounts.'),
  define('average_order_value', ['order'], 'total_spent over the orders that carry an amount.'),
  define('first_order_at', ['order'], 'Time of the first order (ISO 8601).'),
  define('last_order_at', ['order'], 'Time of the latest order (ISO 8601).'),
  define('rfm_recency_score', ['order'], 'R, 1-5: days since the latest order against rfm.recencyDays.', true),
  define('rfm_frequency_score', ['order'], 'F, 1-5: order_count against rfm.frequency.'),
  define('rfm_monetary_score', ['order'], 'M, 1-5: total_spent against rfm.monetary.'),
  define('rfm_group', ['order'], 'Named RFM group: champions, loyal, new, potential_loyalist, cant_lose, at_risk, need_attention, hibernating, lost.', true),
  define('interaction_count', ['interaction'], 'All interactions.'),
  ...INTERACTION_KINDS.map((kind) => define(`${kind}_count`, ['interaction'], `Interactions of kind ${kind}.`)),
  define(`${CHANNEL_COUNT_PREFIX}<channel>`, ['interaction'], 'Interactions per channel (the property channel, else the source).'),
  define('recent_interaction_count', ['interaction'], 'Interactions in the last portrait.activityWindowDays days.', true),
  define('consumption_level', ['order'], 'Portrait tag: high, medium or low against portrait.consumption (total_spent).'),
  define('interaction_activity', ['interaction'], 'Portrait tag: active, normal or inactive against portrait.activity (recent_interaction_count).', true),
  define('spread_ability', ['interaction'], 'Portrait tag: high, medium or low against portrait.spread (share_count).'),
  define('membership_points', ['membership', 'order'], 'Loyalty points: the latest points_balance plus later points deltas, plus pointsPerCurrencyUnit per unit spent.'),
  define('membership_tier', ['membership', 'order'], 'The tier a loyalty event states last, else the first membership.tiers rule the profile satisfies.'),
  define('sentiment_score', ['interaction'], 'Mean sentiment of comment and message texts (AFINN comparative, Chinese and English).'),
  define('sentiment_label', ['interaction'], 'positive, neutral or negative against sentiment.positiveAbove / negativeBelow.'),
  define('lead_status', ['lead'], 'Status of the latest CRM lead event.'),
  define('open_ticket_count', ['service_ticket'], 'Service tickets whose latest status is not closed or resolved.'),
  define('portrait_tags', ['order', 'interaction', 'membership'], 'The portrait as tags: consumption:<level>, activity:<level>, spread:<level>, rfm:<group>, tier:<tier>, sentiment:<label>.', true),
];

const DEFINITION_BY_KEY = new Map(COMPUTED_TRAIT_DEFINITIONS.map((definition) => [definition.key, definition]));

/** The definition of a computed key, per-channel keys included; undefined for an unknown key. */
export function computedTraitDefinition(key: string): ComputedTraitDefinition | undefined {
  if (key.startsWith(CHANNEL_COUNT_PREFIX) && key.length > CHANNEL_COUNT_PREFIX.length) return DEFINITION_BY_KEY.get(`${CHANNEL_COUNT_PREFIX}<channel>`);
  return DEFINITION_BY_KEY.get(key);
}

/** Computes every computed trait a profile's events support; keys without inputs are left out. */
export function computeTraits(events: readonly ProfileEvent[], now: Date, settings: ComputedTraitSettings): ComputedTraitValue[] {
  const byTime = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ofType = (type: string) => byTime.filter((event) => event.type === type);
  const out: ComputedTraitValue[] = [];
  const put = (key: string, value: ComputedValue, inputs: readonly ProfileEvent[]) => {
    const definition = computedTraitDefinition(key)!;
    const last = inputs.at(-1);
    out.push({ key, value, lineage: { eventTypes: definition.inputs, eventCount: inputs.length, lastEventId: last?.id ?? null, lastEventAt: last?.occurredAt.toISOString() ?? null } });
  };
  const tags: string[] = [];

  const orders = ofType('order').filter((order) => !VOID_ORDER_STATUSES.has(String(order.properties.status ?? '').toLowerCase()));
  const paid = orders.filter((order) => order.amount !== null);
  const totalSpent = round2(paid.reduce((sum, order) => sum + order.amount!, 0));
  if (orders.length > 0) {
    const recencyDays = Math.floor((now.getTime() - orders.at(-1)!.occurredAt.getTime()) / DAY_MS);
    const recency = 5 - bucket(recencyDays, settings.rfm.recencyDays, 'above');
    const frequency = 1 + bucket(orders.length, settings.rfm.frequency, 'atLeast');
    const monetary = 1 + bucket(totalSpent, settings.rfm.monetary, 'atLeast');
    const group = rfmGroup(recency, frequency, monetary);
    const consumption = level(totalSpent, settings.portrait.consumption, ['low', 'medium', 'high']);
    put('order_count', orders.length, orders);
    put('total_spent', totalSpent, paid);
    if (paid.length > 0) put('average_order_value', round2(totalSpent / paid.length), paid);
    put('first_order_at', orders[0]!.occurredAt.toISOString(), orders.slice(0, 1));
    put('last_order_at', orders.at(-1)!.occurredAt.toISOString(), orders.slice(-1));
    put('rfm_recency_score', recency, orders.slice(-1));
    put('rfm_frequency_score', frequency, orders);
    put('rfm_monetary_score', monetary, paid);
    put('rfm_group', group, orders);
    put('consumption_level', consumption, paid);
    tags.push(`consumption:${consumption}`, `rfm:${group}`);
  }

  const interactions = ofType('interaction');
  if (interactions.length > 0) {
    const kindOf = (event: ProfileEvent) => String(event.properties.kind ?? '').toLowerCase();
    const since = now.getTime() - settings.portrait.activityWindowDays * DAY_MS;
    const recent = interactions.filter((event) => event.occurredAt.getTime() >= since);
    const shares = interactions.filter((event) => kindOf(event) === 'share');
    const activity = level(recent.length, settings.portrait.activity, ['inactive', 'normal', 'active']);
    const spread = level(shares.length, settings.portrait.spread, ['low', 'medium', 'high']);
    put('interaction_count', interactions.length, interactions);
    for (const kind of INTERACTION_KINDS) {
      const ofKind = interactions.filter((event) => kindOf(event) === kind);
      put(`${kind}_count`, ofKind.length, ofKind);
    }
    const byChannel = new Map<string, ProfileEvent[]>();
    for (const event of interactions) {
      const channel = String(event.properties.channel ?? event.source);
      byChannel.set(channel, [...(byChannel.get(channel) ?? []), event]);
    }
    for (const [channel, channelEvents] of [...byChannel].sort(([a], [b]) => (a < b ? -1 : 1))) put(`${CHANNEL_COUNT_PREFIX}${channel}`, channelEvents.length, channelEvents);
    put('recent_interaction_count', recent.length, recent);
    put('interaction_activity', activity, recent);
    put('spread_ability', spread, shares);
    tags.push(`activity:${activity}`, `spread:${spread}`);

    const texts = interactions.filter((event) => TEXT_KINDS.has(kindOf(event)) && typeof textOf(event) === 'string' && textOf(event)!.trim() !== '');
    if (texts.length > 0) {
      const score = round2(texts.reduce((sum, event) => sum + textSentiment(textOf(event)!).score, 0) / texts.length);
      const label = score > settings.sentiment.positiveAbove ? 'positive' : score < settings.sentiment.negativeBelow ? 'negative' : 'neutral';
      put('sentiment_score', score, texts);
      put('sentiment_label', label, texts);
      tags.push(`sentiment:${label}`);
    }
  }

  const loyalty = ofType('membership');
  const earnsOnOrders = settings.membership.pointsPerCurrencyUnit > 0 && paid.length > 0;
  if (loyalty.length > 0 || earnsOnOrders) {
    const points = Math.floor(loyaltyPoints(loyalty) + totalSpent * settings.membership.pointsPerCurrencyUnit);
    const inputs = earnsOnOrders ? byTime.filter((event) => loyalty.includes(event) || paid.includes(event)) : loyalty;
    // A tier the shop or POS states wins over the rules: it is the customer's tier there.
    const statedTier = [...loyalty].reverse().find((event) => typeof event.properties.tier === 'string' && event.properties.tier !== '');
    const tier = statedTier ? String(statedTier.properties.tier) : tierFor(points, totalSpent, settings.membership.tiers);
    put('membership_points', points, inputs);
    if (tier) {
      put('membership_tier', tier, statedTier ? [statedTier] : inputs);
      tags.push(`tier:${tier}`);
    }
  }

  const leads = ofType('lead').filter((event) => typeof event.properties.status === 'string');
  if (leads.length > 0) put('lead_status', String(leads.at(-1)!.properties.status), leads.slice(-1));

  const tickets = ofType('service_ticket');
  if (tickets.length > 0) {
    const latestByTicket = new Map<string, ProfileEvent>();
    for (const event of tickets) latestByTicket.set(String(event.properties.ticket_id ?? event.id), event);
    const open = [...latestByTicket.values()].filter((event) => !CLOSED_TICKET_STATUSES.has(String(event.properties.status ?? 'open').toLowerCase()));
    put('open_ticket_count', open.length, tickets);
  }

  if (tags.length > 0) put('portrait_tags', tags, byTime.filter((event) => ['order', 'interaction', 'membership'].includes(event.type)));
  return out;
}

/** How many breakpoints the value has reached (`atLeast`) or passed (`above`): 0 to breakpoints.length. */
function bucket(value: number, breakpoints: readonly number[], mode: 'atLeast' | 'above'): number {
  return breakpoints.filter((breakpoint) => (mode === 'atLeast' ? value >= breakpoint : value > breakpoint)).length;
}

function level<T extends string>(value: number, thresholds: { medium: number; high: number }, names: [T, T, T]): T {
  return value >= thresholds.high ? names[2] : value >= thresholds.medium ? names[1] : names[0];
}

/**
 * The usual RFM grid, by recency and the rounded mean of frequency and monetary. Checked in order.
 */
export function rfmGroup(recency: number, frequency: number, monetary: number): string {
  const value = Math.round((frequency + monetary) / 2);
  if (recency >= 4 && value >= 4) return 'champions';
  if (recency >= 3 && value >= 3) return 'loyal';
  if (recency >= 4 && frequency === 1) return 'new';
  if (recency >= 4) return 'potential_loyalist';
  if (recency === 1 && value >= 4) return 'cant_lose';
  if (recency <= 2 && value >= 3) return 'at_risk';
  if (recency === 3) return 'need_attention';
  if (recency === 2) return 'hibernating';
  return 'lost';
}

/** The latest stated balance plus the deltas after it (all deltas when no balance was ever stated). */
function loyaltyPoints(loyalty: readonly ProfileEvent[]): number {
  let points = 0;
  for (const event of loyalty) {
    const balance = finite(event.properties.points_balance);
    const delta = finite(event.properties.points);
    if (balance !== undefined) points = balance;
    else if (delta !== undefined) points += delta;
  }
  return points;
}

function tierFor(points: number, totalSpent: number, rules: ComputedTraitSettings['membership']['tiers']): string | undefined {
  return rules.find((rule) => (rule.minPoints === undefined || points >= rule.minPoints) && (rule.minTotalSpent === undefined || totalSpent >= rule.minTotalSpent))?.name;
}

function textOf(event: ProfileEvent): string | undefined {
  const text = event.properties.text ?? event.properties.content;
  return typeof text === 'string' ? text : undefined;
}

function finite(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
  return number !== undefined && Number.isFinite(number) ? number : undefined;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
