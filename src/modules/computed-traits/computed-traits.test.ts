import { describe, expect, it } from 'vitest';
import { computedTraitSettingsSchema, DEFAULT_COMPUTED_TRAIT_SETTINGS } from './computed-trait-settings';
import { computeTraits, rfmGroup, type ProfileEvent } from './computed-traits';
import { textSentiment } from './sentiment';

const NOW = new Date('2026-12-01T12:00:00Z');
const DAY_MS = 86_400_000;
let sequence = 0;
const event = (type: string, daysAgo: number, properties: Record<string, unknown> = {}, amount: number | null = null, source = 'shop'): ProfileEvent => ({
  id: `evt_${String(++sequence).padStart(3, '0')}`,
  type,
  source,
  occurredAt: new Date(NOW.getTime() - daysAgo * DAY_MS),
  amount,
  properties,
});
const valuesOf = (events: ProfileEvent[], settings = DEFAULT_COMPUTED_TRAIT_SETTINGS) => Object.fromEntries(computeTraits(events, NOW, settings).map((trait) => [trait.key, trait.value]));

describe('computed traits', () => {
  it('derives order figures and RFM scores as computed by hand', () => {
    // Orders 200 days, 100 days and 20 days ago (120, 80.50, 300); a refunded one does not count.
    const orders = [event('order', 200, {}, 120), event('order', 100, {}, 80.5), event('order', 20, {}, 300), event('order', 10, { status: 'refunded' }, 999)];
    const values = valuesOf(orders);
    expect(values).toMatchObject({
      order_count: 3,
      total_spent: 500.5, // 120 + 80.50 + 300
      average_order_value: 166.83, // 500.50 / 3
      first_order_at: orders[0]!.occurredAt.toISOString(),
      last_order_at: orders[2]!.occurredAt.toISOString(),
      rfm_recency_score: 5, // 20 days ≤ 30
      rfm_frequency_score: 3, // 3 orders: past the breakpoints 2 and 3
      rfm_monetary_score: 3, // 500.50: past 100 and 500
      rfm_group: 'loyal', // R 5, (F 3 + M 3) / 2 = 3
      consumption_level: 'low', // below 1000
    });
    const lineage = computeTraits(orders, NOW, DEFAULT_COMPUTED_TRAIT_SETTINGS).find((trait) => trait.key === 'total_spent')!.lineage;
    expect(lineage).toEqual({ eventTypes: ['order'], eventCount: 3, lastEventId: orders[2]!.id, lastEventAt: orders[2]!.occurredAt.toISOString() });
  });

  it('names RFM groups from the grid', () => {
    expect(rfmGroup(5, 5, 5)).toBe('champions');
    expect(rfmGroup(5, 1, 1)).toBe('new');
    expect(rfmGroup(4, 2, 3)).toBe('loyal'); // value round(2.5) = 3
    expect(rfmGroup(4, 2, 1)).toBe('potential_loyalist'); // value round(1.5) = 2, and not a first-time buyer
    expect(rfmGroup(1, 5, 4)).toBe('cant_lose');
    expect(rfmGroup(2, 3, 3)).toBe('at_risk');
    expect(rfmGroup(3, 1, 2)).toBe('need_attention');
    expect(rfmGroup(2, 1, 1)).toBe('hibernating');
    expect(rfmGroup(1, 1, 1)).toBe('lost');
  });

  it('counts interactions by kind and channel and tags activity and spread against the thresholds', () => {
    const interactions = [
      ...[1, 2, 3, 4].map((days) => event('interaction', days, { kind: 'share' }, null, 'wechat-oa')),
      event('interaction', 5, { kind: 'like', channel: 'weibo' }),
      event('interaction', 200, { kind: 'comment', text: 'Great product, love it' }, null, 'wecom'),
      event('interaction', 300, { kind: 'message' }, null, 'wecom'),
    ];
    expect(valuesOf(interactions)).toMatchObject({
      interaction_count: 7,
      share_count: 4,
      like_count: 1,
      comment_count: 1,
      message_count: 1,
      'interaction_count.wechat-oa': 4,
      'interaction_count.weibo': 1,
      'interaction_count.wecom': 2,
      recent_interaction_count: 5, // within 90 days
      interaction_activity: 'normal', // 5: at least 3, below 10
      spread_ability: 'medium', // 4 shares: at least 3, below 10
      sentiment_label: 'positive', // the message has no text: only the comment is scored
    });
    const strict = computedTraitSettingsSchema.parse({ portrait: { spread: { medium: 1, high: 4 } } });
    expect(valuesOf(interactions, strict).spread_ability).toBe('high');
    expect(valuesOf(interactions).portrait_tags).toEqual(['activity:normal', 'spread:medium', 'sentiment:positive']);
    const lineage = computeTraits(interactions, NOW, DEFAULT_COMPUTED_TRAIT_SETTINGS).find((trait) => trait.key === 'like_count')!.lineage;
    expect(lineage).toMatchObject({ eventTypes: ['interaction'], eventCount: 1, lastEventId: interactions[4]!.id });
  });

  it('scores Chinese and English texts with the offline lexicon', () => {
    expect(textSentiment('这个产品很好，非常满意').score).toBeGreaterThan(0);
    expect(textSentiment('质量太差了，很失望').score).toBeLessThan(0);
    expect(textSentiment('Terrible service, very disappointed').score).toBeLessThan(0);
    expect(textSentiment('Great product, love it').score).toBeGreaterThan(0);
    // Negation flips a valence, in both languages.
    expect(textSentiment('我喜欢这个颜色').score).toBeGreaterThan(0);
    expect(textSentiment('我不喜欢这个颜色').score).toBeLessThan(0);
    expect(textSentiment('not good at all').score).toBeLessThan(0);
    const comments = [event('interaction', 3, { kind: 'comment', text: '质量太差了，很失望' }), event('interaction', 2, { kind: 'message', content: '客服投诉没人理' })];
    expect(valuesOf(comments).sentiment_label).toBe('negative');
  });

  it('keeps loyalty points from the latest balance plus later deltas, and takes the tier stated or the first rule met', () => {
    const loyalty = [event('membership', 30, { points: 500 }), event('membership', 20, { points_balance: 4000 }), event('membership', 10, { points: 1200 })];
    expect(valuesOf(loyalty)).toMatchObject({ membership_points: 5200, membership_tier: 'gold' }); // 4000 + 1200 ≥ 5000
    expect(valuesOf([...loyalty, event('membership', 5, { tier: 'VIP 2' })]).membership_tier).toBe('VIP 2');
    const bySpend = computedTraitSettingsSchema.parse({ membership: { tiers: [{ name: 'black', minTotalSpent: 1000 }, { name: 'member' }], pointsPerCurrencyUnit: 2 } });
    const values = valuesOf([event('order', 3, {}, 600), event('order', 2, {}, 500)], bySpend);
    expect(values).toMatchObject({ membership_points: 2200, membership_tier: 'black' }); // 1100 spent × 2 points
  });

  it('reads the latest lead status and counts tickets whose latest status is open', () => {
    const crm = [
      event('lead', 30, { status: 'New' }),
      event('lead', 3, { status: 'Qualified' }),
      event('service_ticket', 9, { ticket_id: 'T1', status: 'open' }),
      event('service_ticket', 4, { ticket_id: 'T1', status: 'resolved' }),
      event('service_ticket', 2, { ticket_id: 'T2', status: 'pending' }),
      event('service_ticket', 1, { ticket_id: 'T3' }),
    ];
    expect(valuesOf(crm)).toMatchObject({ lead_status: 'Qualified', open_ticket_count: 2 });
  });

  it('has no computed traits for a profile without events, and refuses bad thresholds clearly', () => {
    expect(computeTraits([], NOW, DEFAULT_COMPUTED_TRAIT_SETTINGS)).toEqual([]);
    const bad = computedTraitSettingsSchema.safeParse({ rfm: { frequency: [5, 3, 2, 1] } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('must be strictly ascending');
  });
});
