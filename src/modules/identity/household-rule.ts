import { FIELD_COMPARISONS } from './field-comparisons';

const fieldIndex = (name: string) => FIELD_COMPARISONS.findIndex((comparison) => comparison.field === name);
const GIVEN_NAME = fieldIndex('given_name');
const DIFFERENT_NAME = FIELD_COMPARISONS[GIVEN_NAME].levels.indexOf('different');
/** Agreement that only one person of a household has, by field: the levels that count. */
const PERSONAL = [
  { field: fieldIndex('national_id'), upToLevel: 1 },
  { field: fieldIndex('date_of_birth'), upToLevel: 0 },
  { field: fieldIndex('wechat_unionid'), upToLevel: 0 },
  { field: fieldIndex('wechat_openid'), upToLevel: 0 },
];

/**
 * Whether a score alone may link the pair with this comparison vector. Members of one household share a
 * phone, an address, often a family name: evidence the model adds up as if it were independent, so 王伟 and
 * 李娜 at one phone and one address scored p = 0.9998, and John and Mary Smith p = 1.0. Two given names that
 * are both written and differ are two people unless the pair agrees on something only one person has (a
 * national id, a date of birth, a WeChat id): such a pair is at most queued for review. An e-mail both hold
 * links as an identifier, by the identity rules, whatever the score.
 */
export function scoreMayLink(levels: ArrayLike<number>): boolean {
  if (levels[GIVEN_NAME] !== DIFFERENT_NAME) return true;
  return PERSONAL.some(({ field, upToLevel }) => levels[field] >= 0 && levels[field] <= upToLevel);
}
