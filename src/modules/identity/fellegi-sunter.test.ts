import { describe, expect, it } from 'vitest';
import { decide, levelWeights, matchProbability, matchWeight, type ModelParameters } from './fellegi-sunter';
import { MISSING } from './field-comparisons';

const model: ModelParameters = {
  prior: 0.5,
  fields: {
    email: { m: [0.9, 0.1], u: [0.01, 0.99] },
    city: { m: [0.8, 0.2], u: [0.2, 0.8] },
  },
};

describe('Fellegi-Sunter scoring', () => {
  it('weighs each level by log2(m/u): agreement for, disagreement against', () => {
    const weights = levelWeights(model, ['email', 'city']);
    expect(weights[0][0]).toBeCloseTo(Math.log2(90));
    expect(weights[1][1]).toBeCloseTo(-2);
  });

  it('adds nothing for a missing field', () => {
    const weights = levelWeights(model, ['email', 'city']);
    expect(matchWeight([0, MISSING], weights)).toBeCloseTo(Math.log2(90));
  });

  it('turns the weight into a probability through the prior odds', () => {
    expect(matchProbability(0, 0.5)).toBeCloseTo(0.5);
    expect(matchProbability(Math.log2(9), 0.5)).toBeCloseTo(0.9);
    expect(matchProbability(Math.log2(9), 0.1)).toBeCloseTo(0.5);
  });

  it('links above the upper threshold, reviews between, keeps apart below', () => {
    const thresholds = { link: 0.95, review: 0.5 };
    expect(decide(0.99, thresholds)).toBe('link');
    expect(decide(0.7, thresholds)).toBe('review');
    expect(decide(0.2, thresholds)).toBe('apart');
  });

  it('refuses a model that lacks a compared field', () => {
    expect(() => levelWeights(model, ['email', 'phone'])).toThrow("no parameters for field 'phone'");
  });
});
