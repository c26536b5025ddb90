import { doubleMetaphone } from 'double-metaphone';
import { comparableText, foldLatin, hanziToPinyin, hasHanzi, tokens } from './text';

/** A person's name as compared: given and family parts, each one string without spaces. */
export interface PersonName {
  given?: string;
  family?: string;
  /**
   * The part as written, when it was written in hanzi (spaces dropped, width folded). Pinyin is how 王芳 meets
   * "Wang Fang", but two hanzi spellings say more than their pinyin: 李 and 林 are two names, 张 and 章 one
   * sound typed with the wrong character.
   */
  givenHanzi?: string;
  familyHanzi?: string;
  /** `m` or `f` when an honorific said so (高先生, 王女士, Mrs Smith). */
  gender?: string;
}

export interface NameFields {
  first_name?: string;
  last_name?: string;
  full_name?: string;
}

// Two-character surnames; every other Chinese surname is one character.
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕',
  '令狐', '钟离', '闻人', '澹台', '端木', '南宫', '独孤', '西门', '申屠', '太史', '呼延', '万俟', '百里', '东郭',
]);

/**
 * Titles before a Latin name and the gender they state. A title with one word after it is a family name:
 * "Mrs Smith" says who by surname only.
 */
const TITLES = new Map<string, string | undefined>([['mr', 'm'], ['sir', 'm'], ['mrs', 'f'], ['ms', 'f'], ['miss', 'f'], ['madam', 'f'], ['dr', undefined], ['prof', undefined], ['mx', undefined]]);

/**
 * What a till or a front desk writes after a surname instead of the given name (高先生, 王女士, 张总, 李老师): the
 * surname and, for some, a gender; nothing about which person of that surname. Longest first, so 大姐 wins over 姐.
 */
const CHINESE_HONORIFICS: [suffix: string, gender: string | undefined][] = [
  ['先生', 'm'], ['女士', 'f'], ['小姐', 'f'], ['太太', 'f'], ['夫人', 'f'], ['阿姨', 'f'], ['大姐', 'f'], ['大哥', 'm'], ['师傅', undefined],
  ['老师', undefined], ['经理', undefined], ['医生', undefined], ['老板', undefined], ['主任', undefined], ['律师', undefined], ['同学', undefined],
  ['总', undefined], ['姐', 'f'], ['哥', 'm'], ['叔', 'm'],
];
const HONORIFIC_SUFFIX = new RegExp(`(${CHINESE_HONORIFICS.map(([suffix]) => suffix).join('|')})$`);
const GENDER_OF_HONORIFIC = new Map(CHINESE_HONORIFICS);

/** How each name field is read on its own; a resolution run swaps in memoized versions of the same. */
export interface NameFieldReaders {
  given(raw: string): PersonName;
  family(raw: string): PersonName;
  full(raw: string): PersonName;
}

export const NAME_FIELD_READERS: NameFieldReaders = {
  given: (raw) => honorificName(raw) ?? ofParts(namePart(raw, false), undefined),
  family: (raw) => honorificName(raw) ?? ofParts(undefined, namePart(raw, true)),
  full: splitFullName,
};

/**
 * Given and family name from whichever fields a source filled. Spaces are dropped inside a part because
 * sources split names differently ("cole man", "Xiao Ming", 小明 → xiaoming). A field that holds a surname
 * with an honorific (a till's 高先生 in its first-name field) gives the surname and the gender.
 */
export function personName(fields: NameFields, readers: NameFieldReaders = NAME_FIELD_READERS): PersonName {
  const given = fields.first_name ? readers.given(fields.first_name) : undefined;
  const family = fields.last_name ? readers.family(fields.last_name) : undefined;
  if (!fields.full_name || saysAnything(given) || saysAnything(family)) return joinParts(given, family);
  return readers.full(fields.full_name);
}

function saysAnything(name: PersonName | undefined): boolean {
  return name !== undefined && (name.given !== undefined || name.family !== undefined || name.gender !== undefined);
}

/** The name two fields give together: the given field's given part, the family field's family part, either's honorific. */
export function joinParts(given: PersonName | undefined, family: PersonName | undefined): PersonName {
  const name: PersonName = {};
  const givenPart = given?.given ?? family?.given;
  const familyPart = family?.family ?? given?.family;
  if (givenPart !== undefined) name.given = givenPart;
  if (familyPart !== undefined) name.family = familyPart;
  const givenHanzi = given?.given !== undefined ? given.givenHanzi : family?.givenHanzi;
  const familyHanzi = family?.family !== undefined ? family.familyHanzi : given?.familyHanzi;
  if (givenHanzi !== undefined) name.givenHanzi = givenHanzi;
  if (familyHanzi !== undefined) name.familyHanzi = familyHanzi;
  const gender = given?.gender ?? family?.gender;
  if (gender !== undefined) name.gender = gender;
  return name;
}

/** One name part as read from its own field: its comparable text, and its hanzi when it was written in hanzi. */
interface NamePart {
  text: string;
  hanzi?: string;
}

function ofParts(given: NamePart | undefined, family: NamePart | undefined, gender?: string): PersonName {
  const name: PersonName = {};
  if (given) name.given = given.text;
  if (family) name.family = family.text;
  if (given?.hanzi !== undefined) name.givenHanzi = given.hanzi;
  if (family?.hanzi !== undefined) name.familyHanzi = family.hanzi;
  if (gender !== undefined) name.gender = gender;
  return name;
}

function namePart(raw: string, isFamily: boolean): NamePart | undefined {
  if (!hasHanzi(raw)) return nonEmptyPart(comparableText(raw));
  const compact = raw.replace(/\s+/g, '');
  return nonEmptyPart(hanziToPinyin(compact, isFamily).join(''), foldLatin(compact));
}

function nonEmptyPart(text: string, hanzi?: string): NamePart | undefined {
  const compact = text.replaceAll(' ', '');
  return compact === '' ? undefined : { text: compact, hanzi };
}

/** 高先生, 欧阳女士, 张总, or an honorific alone (先生): the surname it names, if any, and the gender it states. */
function honorificName(raw: string): PersonName | undefined {
  const compact = raw.replace(/\s+/g, '');
  const suffix = HONORIFIC_SUFFIX.exec(compact)?.[1];
  if (suffix === undefined || !/^\p{Script=Han}+$/u.test(compact)) return undefined;
  const surname = compact.slice(0, -suffix.length);
  if (surname.length > 2 || (surname.length === 2 && !COMPOUND_SURNAMES.has(surname))) return undefined;
  return ofParts(undefined, surname === '' ? undefined : namePart(surname, true), GENDER_OF_HONORIFIC.get(suffix));
}

function splitFullName(raw: string): PersonName {
  const compact = raw.replace(/\s+/g, '');
  if (/^\p{Script=Han}+$/u.test(compact)) {
    const honorific = honorificName(compact);
    if (honorific) return honorific;
    // Chinese order: family name first.
    const familyLength = compact.length > 2 && COMPOUND_SURNAMES.has(compact.slice(0, 2)) ? 2 : 1;
    return ofParts(namePart(compact.slice(familyLength), false), namePart(compact.slice(0, familyLength), true));
  }
  if (raw.includes(',')) {
    // "Family, Given" as many exports write it.
    const [family, ...given] = raw.split(',');
    return ofParts(namePart(given.join(' '), false), namePart(family, true));
  }
  // A hyphen joins one name part (García-Márquez), it does not separate two.
  const allWords = tokens(comparableText(raw.replace(/(?<=\p{L})-(?=\p{L})/gu, '')));
  const title = allWords.find((word) => TITLES.has(word));
  const words = allWords.filter((word) => !TITLES.has(word));
  const gender = title === undefined ? undefined : TITLES.get(title);
  if (words.length === 0) return ofParts(undefined, undefined, gender);
  // One word is a surname ("Mrs Smith", "LECLERCQ" in a register): a given name alone is written in first_name.
  if (words.length === 1) return ofParts(undefined, { text: words[0] }, gender);
  return ofParts({ text: words.slice(0, -1).join('') }, { text: words.at(-1)! }, gender);
}

/** Primary Double Metaphone code of a Latin name part: "catherine" and "kathryn" share one. */
export function phoneticKey(namePart: string): string | undefined {
  const latin = foldLatin(namePart).replace(/[^a-z]/g, '');
  if (latin === '') return undefined;
  return doubleMetaphone(latin)[0] || undefined;
}

// Words that name the kind of organisation rather than which one.
const ORGANISATION_NOISE = new Set(['the', 'of', 'and', 'inc', 'llc', 'ltd', 'co', 'corp', 'company', 'limited']);

/** An organisation's name as compared. */
export interface OrganisationName {
  /** Distinct words that say which organisation, sorted; of a Chinese enterprise name, its trade name. */
  words: string[];
  /** A Chinese enterprise name's industry, in pinyin (科技 → keji): 盛世科技 and 盛世贸易 are two companies. */
  industry?: string;
}

/** Words and industry of an organisation's name, order ignored ("Salvation Army - Temple / Salvation Army"). */
export function organisationName(raw: string): OrganisationName {
  const { tradeName, industry } = hasHanzi(raw) ? chineseEnterpriseName(raw) : { tradeName: raw, industry: undefined };
  const words = [...new Set(tokens(comparableText(tradeName)).filter((word) => !ORGANISATION_NOISE.has(word)))].sort();
  return { words, industry };
}

// A Chinese enterprise name is region + trade name + industry + legal form (上海 盛世 科技 有限公司). The trade
// name tells two companies apart, and romanized syllable by syllable the other three made every company of a
// city look alike; the industry is kept apart from it, to tell two trades of one trade name apart.
const CN_REGIONS =
  '北京|上海|天津|重庆|广州|深圳|杭州|南京|苏州|成都|武汉|西安|长沙|郑州|青岛|宁波|厦门|福州|济南|合肥|沈阳|大连|哈尔滨|长春|昆明|贵阳|南宁|南昌|石家庄|太原|兰州|无锡|佛山|东莞|' +
  '广东|浙江|江苏|山东|河南|河北|湖北|湖南|四川|福建|安徽|江西|辽宁|吉林|黑龙江|云南|贵州|广西|山西|陕西|甘肃|海南|内蒙古|新疆|西藏|宁夏|青海|香港|澳门|台湾';
const CN_REGION_PREFIX = new RegExp(`^(?:中国)?(?:${CN_REGIONS})(?:省|市|自治区|特别行政区)?`);
const CN_REGION_IN_BRACKETS = new RegExp(`[(（](?:${CN_REGIONS})(?:省|市)?[)）]`, 'g');
const CN_LEGAL_FORM = /(?:股份有限公司|有限责任公司|集团有限公司|有限公司|集团|分公司|公司|工作室|商行|门店|店|厂)$/;
const CN_INDUSTRY =
  /(?:信息技术|网络科技|电子商务|餐饮管理|文化传媒|科技|贸易|商贸|咨询|餐饮|传媒|网络|实业|投资|建筑|物流|服饰|食品|管理|服务|发展|技术|教育|广告|设计|医药|生物|电子|汽车|家居|酒店)$/;

/**
 * The trade name of a Chinese enterprise name, one word per run of hanzi (盛世), with region, industry and
 * legal form taken off; and its industry as pinyin words (科技发展 → "keji fazhan"), when it names one.
 */
function chineseEnterpriseName(raw: string): { tradeName: string; industry?: string } {
  let name = raw.replace(/\s+/g, '').replace(CN_REGION_IN_BRACKETS, '').replace(CN_REGION_PREFIX, '');
  const industries: string[] = [];
  for (let previous = ''; previous !== name; ) {
    previous = name;
    name = name.replace(CN_LEGAL_FORM, '').replace(CN_INDUSTRY, (industry) => {
      industries.unshift(hanziToPinyin(industry).join(''));
      return '';
    });
  }
  // Nothing left (a name that is all region and form): keep the whole name rather than nothing.
  if (name === '') return { tradeName: raw };
  // One word per run of hanzi, not one per syllable: 盛世 → shengshi.
  const tradeName = name.replace(/\p{Script=Han}+/gu, (run) => ` ${hanziToPinyin(run).join('')} `);
  return { tradeName, industry: industries.length > 0 ? industries.join(' ') : undefined };
}
