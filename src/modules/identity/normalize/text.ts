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
