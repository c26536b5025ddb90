import { z } from 'zod';

/**
 * The thresholds behind computed traits, overridable as JSON in HUB_COMPUTED_TRAITS (any subset; the rest
 * keeps its default). Four ascending breakpoints give five RFM scores: below the first is 1, at or past
 * the last is 5 (recency counts the other way: fewer days since the last order scores higher).
 */
const ascending = (length: number) =>
  z
    .array(z.number().nonnegative())
    .length(length)
    .refine((values) => values.every((value, index) => index === 0 || value > values[index - 1]!), 'must be strictly ascending');

const levels = z.object({ medium: z.number().nonnegative(), high: z.number().nonnegative() }).refine((level) => level.high > level.medium, 'high must be above medium');

const tierRule = z
  .object({
    name: z.string().min(1).max(50),
    minPoints: z.number().nonnegative().optional(),
    minTotalSpent: z.number().nonnegative().optional(),
  })
  .strict();

export const computedTraitSettingsSchema = z
  .object({
    rfm: z
      .object({
        recencyDays: ascending(4).default([30, 90, 180, 365]),
        frequency: ascending(4).default([2, 3, 5, 10]),
        monetary: ascending(4).default([100, 500, 1000, 5000]),
      })
      .strict()
      .default({ recencyDays: [30, 90, 180, 365], frequency: [2, 3, 5, 10], monetary: [100, 500, 1000, 5000] }),
    portrait: z
      .object({
        consumption: levels.default({ medium: 1000, high: 5000 }),
        activityWindowDays: z.number().int().min(1).max(3660).default(90),
        activity: levels.default({ medium: 3, high: 10 }),
        spread: levels.default({ medium: 3, high: 10 }),
      })
      .strict()
      .default({ consumption: { medium: 1000, high: 5000 }, activityWindowDays: 90, activity: { medium: 3, high: 10 }, spread: { medium: 3, high: 10 } }),
    membership: z
      .object({
        // Tried in order; the first a profile satisfies (every bound it names) is its tier.
        tiers: z.array(tierRule).min(1).max(20).default(DEFAULT_TIERS()),
        // Points an order earns per unit of currency, on top of the points loyalty events carry.
        pointsPerCurrencyUnit: z.number().nonnegative().default(0),
      })
      .strict()
      .default({ tiers: DEFAULT_TIERS(), pointsPerCurrencyUnit: 0 }),
    sentiment: z
      .object({
        // The mean per-text score (the lexicon's comparative score) above / below which a profile is positive / negative.
        positiveAbove: z.number().default(0.1),
        negativeBelow: z.number().default(-0.1),
      })
      .strict()
      .default({ positiveAbove: 0.1, negativeBelow: -0.1 }),
  })
  .strict();

function DEFAULT_TIERS() {
  return [
    { name: 'platinum', minPoints: 20_000 },
    { name: 'gold', minPoints: 5_000 },
    { name: 'silver', minPoints: 1_000 },
    { name: 'bronze', minPoints: 0 },
  ];
}

export type ComputedTraitSettings = z.output<typeof computedTraitSettingsSchema>;
export const DEFAULT_COMPUTED_TRAIT_SETTINGS: ComputedTraitSettings = computedTraitSettingsSchema.parse({});
