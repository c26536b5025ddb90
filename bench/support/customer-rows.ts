import { stat } from 'node:fs/promises';
import { openCsvOutputFile } from '../../src/platform/csv-output-file';

/**
 * Deterministic synthetic customers, fast enough for 100k rows (faker is not): the same count and seed
 * give the same rows. Every row is a distinct person: unique external_id, e-mail and phone, so the
 * exact-match resolver makes exactly one profile per row. Values hold no commas, quotes or newlines.
 */
export const CUSTOMER_COLUMNS = ['external_id', 'first_name', 'last_name', 'email', 'phone', 'city', 'postcode', 'company'] as const;

const SURNAMES: [string, string][] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['赵', 'zhao'], ['黄', 'huang'],
  ['周', 'zhou'], ['吴', 'wu'], ['徐', 'xu'], ['孙', 'sun'], ['胡', 'hu'], ['朱', 'zhu'], ['高', 'gao'], ['林', 'lin'],
  ['何', 'he'], ['郭', 'guo'], ['马', 'ma'], ['罗', 'luo'],
];
const GIVEN_NAMES: [string, string][] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['秀英', 'xiuying'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'],
  ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'],
  ['明', 'ming'], ['超', 'chao'], ['秀兰', 'xiulan'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'], ['桂英', 'guiying'], ['欣怡', 'xinyi'],
];
const CITIES: [string, number][] = [
  ['北京', 100000], ['上海', 200000], ['广州', 510000], ['深圳', 518000], ['杭州', 310000], ['成都', 610000],
  ['武汉', 430000], ['南京', 210000], ['西安', 710000], ['重庆', 400000], ['苏州', 215000], ['天津', 300000],
];
const COMPANY_WORDS = ['华信', '长城', '远景', '东方', '新创', '恒达', '金桥', '博雅', '盛世', '天合', '锦程', '云帆'];
const COMPANY_KINDS = ['科技有限公司', '贸易有限公司', '咨询有限公司', '餐饮管理有限公司', '文化传媒有限公司'];
// Not the RFC 2606 example.com/org/net: identity resolution treats those as placeholders typed by clerks.
const MAIL_DOMAINS = ['example.cn', 'mail.example.org', 'corp.example.net', 'shop.example.com.cn'];
// Mobile prefixes that libphonenumber (max metadata) accepts for any 8 following digits.
const MOBILE_PREFIXES = [130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158, 159, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189];

/** mulberry32: a tiny seeded PRNG, plenty for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function* customerRows(count: number, seed: number): Generator<string[]> {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  for (let index = 0; index < count; index++) {
    const [surname, surnamePinyin] = pick(SURNAMES);
    const [given, givenPinyin] = pick(GIVEN_NAMES);
    const [city, postcodeBase] = pick(CITIES);
    // index × an odd multiplier not divisible by 5 is a bijection modulo 10^8: unique 8-digit suffixes.
    const suffix = String((index * 73_939_133 + 12_345_678) % 100_000_000).padStart(8, '0');
    const company = random() < 0.7 ? `${city}${pick(COMPANY_WORDS)}${pick(COMPANY_KINDS)}` : '';
    yield [
      `C${String(index + 1).padStart(8, '0')}`,
      given,
      surname,
      `${givenPinyin}.${surnamePinyin}.${index + 1}@${pick(MAIL_DOMAINS)}`,
      `${pick(MOBILE_PREFIXES)}${suffix}`,
      city,
      String(postcodeBase + Math.floor(random() * 100)).padStart(6, '0'),
      company,
    ];
  }
}

/** The same rows as canonical records, the shape `ingestion.ingest` takes (empty cells left out, as the CSV reader does). */
export function* customerRecords(count: number, seed: number): Generator<Record<string, string>> {
  for (const row of customerRows(count, seed)) {
    const record: Record<string, string> = {};
    CUSTOMER_COLUMNS.forEach((column, index) => {
      if (row[index] !== '') record[column] = row[index];
    });
    yield record;
  }
}

/** Writes a UTF-8 CSV with a header row; answers the size in bytes. */
export async function writeCustomerCsv(filePath: string, count: number, seed: number): Promise<number> {
  const output = await openCsvOutputFile(filePath, CUSTOMER_COLUMNS);
  await output.writeRows(customerRows(count, seed));
  await output.commit();
  return (await stat(filePath)).size;
}
