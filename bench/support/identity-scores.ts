/** Quality of a clustering against ground truth, as the data sets' README defines it, plus B-cubed. */
export interface ClusterQuality {
  precision: number;
  recall: number;
  f1: number;
  bcubedPrecision: number;
  bcubedRecall: number;
  bcubedF1: number;
  predictedPairs: number;
  truePairs: number;
}

/** Pairwise and B-cubed precision/recall/F1 of `profiles` (record ids) against `truth` (record id → entity). */
export function clusterQuality(profiles: readonly (readonly string[])[], truth: ReadonlyMap<string, string>): ClusterQuality {
  const entitySize = new Map<string, number>();
  for (const entity of truth.values()) entitySize.set(entity, (entitySize.get(entity) ?? 0) + 1);
  let predictedPairs = 0;
  let correctPairs = 0;
  let bcubedPrecision = 0;
  let bcubedRecall = 0;
  for (const profile of profiles) {
    const perEntity = new Map<string, number>();
    for (const id of profile) {
      const entity = truth.get(id);
      if (entity === undefined) throw new Error(`record ${id} has no truth label`);
      perEntity.set(entity, (perEntity.get(entity) ?? 0) + 1);
    }
    predictedPairs += pairs(profile.length);
    for (const [entity, together] of perEntity) {
      correctPairs += pairs(together);
      // Every record of this entity in this profile sees `together` right ones among profile / entity.
      bcubedPrecision += (together * together) / profile.length;
      bcubedRecall += (together * together) / entitySize.get(entity)!;
    }
  }
  let truePairs = 0;
  for (const size of entitySize.values()) truePairs += pairs(size);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const n = truth.size;
  return {
    precision,
    recall,
    f1: harmonic(precision, recall),
    bcubedPrecision: bcubedPrecision / n,
    bcubedRecall: bcubedRecall / n,
    bcubedF1: harmonic(bcubedPrecision / n, bcubedRecall / n),
    predictedPairs,
    truePairs,
  };
}

function pairs(size: number): number {
  return (size * (size - 1)) / 2;
}

function harmonic(a: number, b: number): number {
  return a + b === 0 ? 0 : (2 * a * b) / (a + b);
}

/** Four decimals as text: the shared rounding would show 0.9996 as 1. */
export function qualityFigures(quality: ClusterQuality): Record<string, string> {
  const f = (value: number) => value.toFixed(4);
  return {
    precision: f(quality.precision),
    recall: f(quality.recall),
    F1: f(quality.f1),
    'B3 F1': f(quality.bcubedF1),
    'pairs predicted/true': `${quality.predictedPairs}/${quality.truePairs}`,
  };
}
