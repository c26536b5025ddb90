// The package ships no types; this is the part of its API the hub calls.
declare module 'multilang-sentiment' {
  interface SentimentResult {
    score: number;
    comparative: number;
    category: 'positive' | 'neutral' | 'negative';
    tokens: { value: string }[];
  }
  function sentiment(phrase: string, language?: string, inject?: { tokens?: string[]; words?: Record<string, number> }): SentimentResult;
  export = sentiment;
}
