/**
 * The identifier types of the canonical record, strongest first: the one list the connectors, ingestion,
 * the profile store and the identity engine share. A value of one of these types names a person (or, for
 * `external_id`, one record of one source), so equal values are evidence that two records are one person.
 */
export const IDENTITY_TYPES = ['external_id', 'wechat_unionid', 'wechat_openid', 'national_id', 'email', 'phone'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

export function isIdentityType(value: string): value is IdentityType {
  return (IDENTITY_TYPES as readonly string[]).includes(value);
}

/** An identifier as stored and compared: its normalized `value`, and the text the source sent. */
export interface Identifier {
  type: IdentityType;
  value: string;
  raw: string;
}

/** One string per (type, value): the key of maps and sets of identifiers. */
export function identifierKey(identifier: { type: string; value: string }): string {
  return `${identifier.type}\u0000${identifier.value}`;
}
