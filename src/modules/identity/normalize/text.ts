import { pinyin } from 'pinyin-pro';

const HANZI = /\p{Script=Han}/u;
const HANZI_RUN = /\p{Script=Han}+/gu;

export function hasHanzi(text: string): boolean {
  return HANZI.test(text);
}

/** Toneless pinyin syllables of a hanzi run; `asSurname` reads polyphonic characters as surnames (单 → shan). */
export function hanziToPinyin(hanzi: string, asSurname = false): string[] {
  return pinyin(hanzi, { toneType: 'none', type: 'array', surname: asSurname ? 'head' : 'off', v: false }).map(foldLatin);
}

/** Lower case, accents and width folded (Müller → muller, ｗａｎｇ → wang); ü of pinyin becomes u. */
export function foldLatin(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Comparable text: folded, punctuation as space, spaces collapsed; hanzi become pinyin syllables so that
 * 王芳 and "Wang Fang" meet. Used for names; addresses keep their hanzi (see normalize/address.ts).
 */
export function comparableText(raw: string): string {
  const romanized = raw.replace(HANZI_RUN, (run) => ` ${hanziToPinyin(run).join(' ')} `);
  return foldLatin(romanized)
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokens(text: string): string[] {
  return text === '' ? [] : text.split(' ');
}

/**
 * A Latin word that is whole pinyin syllables (wang, weicheng, xiaoming): how a Chinese name is written in
 * Latin letters. Many English words are too (an, long, ben), so it is a hint that needs a second word to hold.
 */
export function isPinyin(word: string): boolean {
  const known = pinyinWords.get(word);
  if (known !== undefined) return known;
  const answer = segmentsIntoSyllables(word);
  // Names repeat: each is segmented once (bounded, emptied when full).
  if (pinyinWords.size >= PINYIN_MEMO_CAPACITY) pinyinWords.clear();
  pinyinWords.set(word, answer);
  return answer;
}

const PINYIN_MEMO_CAPACITY = 100_000;
const pinyinWords = new Map<string, boolean>();

function segmentsIntoSyllables(word: string): boolean {
  if (word.length === 0 || word.length > MAX_PINYIN_WORD) return false;
  const syllables = pinyinSyllables();
  // fits[i]: the first i letters are whole syllables.
  const fits = new Uint8Array(word.length + 1);
  fits[0] = 1;
  for (let end = 1; end <= word.length; end++) {
    for (let length = 1; length <= Math.min(MAX_SYLLABLE, end); length++) {
      if (fits[end - length] && syllables.has(word.slice(end - length, end))) {
        fits[end] = 1;
        break;
      }
    }
  }
  return fits[word.length] === 1;
}

const MAX_SYLLABLE = 6;
// A given name is one to three syllables: longer runs of letters are not a Chinese name.
const MAX_PINYIN_WORD = 18;
let syllableSet: Set<string> | undefined;

/** Every toneless syllable pinyin-pro reads a common hanzi as (about 400), found once, on first use. */
function pinyinSyllables(): Set<string> {
  if (syllableSet) return syllableSet;
  const found = new Set<string>();
  // The CJK Unified Ideographs block's common part: every syllable a name is written with is read from some hanzi there.
  for (let code = 0x4e00; code <= 0x9fa5; code += 1) {
    for (const syllable of pinyin(String.fromCharCode(code), { toneType: 'none', type: 'array', multiple: true, v: false })) {
      const folded = foldLatin(syllable);
      // Not the vowelless interjections (m, n, hng): no name is written with them, and "em-ma" would pass.
      if (/^[a-z]*[aeiouv][a-z]*$/.test(folded)) found.add(folded);
    }
  }
  return (syllableSet = found);
}
