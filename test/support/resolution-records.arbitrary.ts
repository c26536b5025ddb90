import fc from 'fast-check';
import type { ResolutionRecord } from '../../src/modules/identity';

/**
 * fast-check arbitraries for the property tests: records whose values come from small pools of the forms
 * real exports use (hanzi and pinyin, masked phones, gmail aliases, swapped names, placeholders), so that
 * identifiers, names and addresses collide often and every rule gets its turn.
 */
const POOLS = {
  // Hanzi that share pinyin (芳 方, 张 章), that sound alike in pinyin (李 林, 秀英 秀兰), and that swap parts (王 芳).
  first_name: ['Ann', 'Anna', 'ANN', 'Bob', 'Robert', 'Fang', 'Kasey', 'Green', '芳', '方', '秀英', '秀 兰', '王'],
  last_name: ['Lee', 'Li', 'Wang', 'Smith', 'Smyth', 'Green', 'Kasey', '王', '李', '林', '张', '章', '芳'],
  full_name: ['王芳', 'Wang Fang', '李强', 'Li, Qiang', 'Dr. Ann Lee', '欧阳娜娜', '王方', '林强', '章秀英', '张秀兰', '李, 强'],
  email: ['ann@x.com', 'ANN@x.com', 'a.nn+shop@gmail.com', 'ann@googlemail.com', 'bob@y.org', 'j***@qq.com', 'test@example.com', 'bob@y.orh'],
  phone: ['13812348000', '+86 138 1234 8000', '138****8000', '13912348001', '(312) 226-2649', '226-2649', '13800138000'],
  national_id: ['A123456', 'a-123456', 'A123465', 'B654321', '000000', '110***1234'],
  wechat_unionid: ['oU1', 'oU2', 'oU3'],
  wechat_openid: ['oA', 'oB'],
  // One trade name in two industries and in none, another trade name in the same industry.
  company: ['Acme Ltd', 'The Acme Company', 'Salvation Army - Temple', 'Army Salvation', '上海盛世科技有限公司', '盛世（上海）科技有限公司', '上海盛世贸易有限公司', '盛世有限公司', '上海远雅科技有限公司', 'Shengshi Ltd', '北京胜世科技发展有限公司'],
  street: ['1 N Ogden Ave', 'North Ogden Avenue', 'Taroona Place', 'Trail View', '朝阳路 88号'],
  street_number: ['1', '7', '17'],
  address_line2: ['Trail View', 'Taroona Place', 'Apt 4'],
  city: ['Shanghai', 'shanghai', 'Chicago', 'Chicag', '北京市'],
  postcode: ['60628', '60628-1234', '60682', '200000', 'SW1A 1AA'],
  state: ['IL', 'NSW'],
  country: ['CN', 'US'],
  date_of_birth: ['1990-04-03', '19900403', '03/04/1990', '1990-03-04', '1991-04-03', 'unknown'],
  gender: ['m', 'Male', 'F', '女'],
} as const;

type PooledField = keyof typeof POOLS;

const fieldsArbitrary = fc.record(
  Object.fromEntries(Object.entries(POOLS).map(([field, values]) => [field, fc.constantFrom(...values)])) as Record<PooledField, fc.Arbitrary<string>>,
  { requiredKeys: [] },
);

/** Records with ids r0, r1, … (ids are unique within a run), from up to three sources. */
export function recordsArbitrary(options: { minLength?: number; maxLength: number }): fc.Arbitrary<ResolutionRecord[]> {
  const record = fc.record({
    source: fc.constantFrom('shop', 'pos', 'crm'),
    externalId: fc.option(fc.constantFrom('C1', 'C2', 'C3'), { nil: undefined }),
    fields: fieldsArbitrary,
  });
  return fc.array(record, options).map((records) => records.map((r, i) => ({ id: `r${i}`, ...r })));
}

/** Profiles as a comparable value: each profile's ids sorted, profiles sorted by their first id. */
export function partition(profiles: readonly (readonly string[])[]): string[][] {
  return profiles.map((profile) => [...profile].sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
