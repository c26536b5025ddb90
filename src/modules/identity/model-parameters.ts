/** The m and u probabilities of one field's agreement levels, in level order. */
export interface LevelProbabilities {
  m: number[];
  u: number[];
}

/** A Fellegi-Sunter model: per-field level probabilities and the share of matches among candidate pairs. */
export interface ModelParameters {
  /** P(match) for a candidate pair before looking at its fields. */
  prior: number;
  fields: Record<string, LevelProbabilities>;
}
