import { FIELD_COMPARISONS } from './field-comparisons';

/**
 * The kinds of evidence a comparison field belongs to. Fields of one kind say one thing twice (a phone and an
 * e-mail are both ways to reach someone; street and postcode are one address); city, state, country and gender
 * are shared by too many to count as a kind of their own.
 */
const KIND_OF_FIELD: Readonly<Record<string, string | undefined>> = {
  given_name: 'name',
  family_name: 'name',
  company: 'company',
  email: 'contact',
  phone: 'contact',
  wechat_unionid: 'contact',
  wechat_openid: 'contact',
  national_id: 'document',
  date_of_birth: 'birth',
  street: 'address',
  street_number: 'address',
  address_line2: 'address',
  postcode: 'address',
};

const KINDS = FIELD_COMPARISONS.map((comparison) => KIND_OF_FIELD[comparison.field]);

/**
 * Whether a pair's agreement rests on two kinds of evidence or more. A pair between the thresholds goes to a
 * person only then: agreeing on a name alone, or on a phone alone (partly, or one many people share), the
 * records give a reviewer nothing more to decide on than the engine had, and a queue of such pairs buries
 * the ones a person can settle.
 */
export function isCorroborated(levels: ArrayLike<number>, weights: readonly (readonly number[])[]): boolean {
  let first: string | undefined;
  for (let field = 0; field < levels.length; field++) {
    const kind = KINDS[field];
    const level = levels[field];
    if (kind === undefined || level < 0 || weights[field][level] <= 0) continue;
    if (first === undefined) first = kind;
    else if (kind !== first) return true;
  }
  return false;
}
