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
}

/** One name part as read from its own field: its comparable text, and its hanzi when it was written in hanzi. */
export interface NamePart {
  text: string;
  hanzi?: string;
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
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'madam', 'mx']);

/** How each name field is read on its own; a resolution run swaps in memoized versions of the same. */
export interface NameFieldReaders {
  given(raw: string): NamePart | undefined;
  family(raw: string): NamePart | undefined;
  full(raw: string): PersonName;
}

export const NAME_FIELD_READERS: NameFieldReaders = {
  given: (raw) => namePart(raw, false),
  family: (raw) => namePart(raw, true),
  full: splitFullName,
};

/**
 * Given and family name from whichever fields a source filled. Spaces are dropped inside a part because
 * sources split names differently ("cole man", "Xiao Ming", 小明 → xiaoming).
 */
export function personName(fields: NameFields, readers: NameFieldReaders = NAME_FIELD_READERS): PersonName {
  const given = fields.first_name ? readers.given(fields.first_name) : undefined;
  const family = fields.last_name ? readers.family(fields.last_name) : undefined;
  if (given || family || !fields.full_name) return ofParts(given, family);
  return readers.full(fields.full_name);
}

function ofParts(given: NamePart | undefined, family: NamePart | undefined): PersonName {
  return { given: given?.text, family: family?.text, givenHanzi: given?.hanzi, familyHanzi: family?.hanzi };
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

function splitFullName(raw: string): PersonName {
  const compact = raw.replace(/\s+/g, '');
  if (/^\p{Script=Han}+$/u.test(compact)) {
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
  const words = tokens(comparableText(raw.replace(/(?<=\p{L})-(?=\p{L})/gu, ''))).filter((word) => !TITLES.has(word));
  if (words.length === 0) return {};
  if (words.length === 1) return { given: words[0] };
  return { given: words.slice(0, -1).join(''), family: words.at(-1) };
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
