import type { IdentityType, NormalizedEmail, NormalizedPhone } from '../../../connectors/sdk/records';

export interface IdentityTypeRule {
  /** When two links contradict a limit, the one with the lower priority is dropped. */
  priority: number;
  /**
   * `equal`: an equal value links on its own, when the records do not conflict and the value is not shared by
   * several people. `score`: it is strong evidence, but the score decides.
   */
  linkOn: 'equal' | 'score';
  maxPerProfile?: number;
  maxPerSource?: number;
}

export type IdentityRules = Record<IdentityType, IdentityTypeRule>;

export const DEFAULT_IDENTITY_RULES: IdentityRules = {
  // No per-source limit by default: a source keeps orders as records of their own (they join their buyer by
  // e-mail or phone), and shops and tills hold the same person twice under two member numbers. Set
  // `maxPerSource: 1` (HUB_IDENTITY_RULES) for sources that hold exactly one record per person.
  external_id: { priority: 100, linkOn: 'equal' },
  // Issued by WeChat itself: never mistyped, one per person per developer account.
  wechat_unionid: { priority: 90, linkOn: 'equal', maxPerProfile: 1 },
  wechat_openid: { priority: 80, linkOn: 'equal', maxPerSource: 1 },
  // Typed by hand and so mistyped; no limit, a typo must not keep a person's records apart.
  national_id: { priority: 70, linkOn: 'equal' },
  email: { priority: 60, linkOn: 'equal', maxPerProfile: 5 },
  // The member key of Chinese retail. Households and front desks share phones, and are kept apart by what their
  // records say about who they are (person-conflicts.ts) and by how many people share the number (value-holders.ts).
  phone: { priority: 50, linkOn: 'equal', maxPerProfile: 5 },
};

/** An identifier as compared: `value` carries its scope (source for external ids, app for openids). */
export interface ScopedIdentifier {
  type: IdentityType;
  value: string;
  source: string;
}

export interface IdentifierInputs {
  source: string;
  externalId?: string;
  email?: NormalizedEmail;
  phone?: NormalizedPhone;
  nationalId?: string;
  wechatUnionid?: string;
  /** Already scoped to its app: `app:openid`. */
  wechatOpenid?: string;
}

/** The identifiers a record contributes. Masked values are left out: they stay evidence for the comparators. */
export function identifiersOf(inputs: IdentifierInputs): ScopedIdentifier[] {
  const { source } = inputs;
  const found: ScopedIdentifier[] = [];
  const add = (type: IdentityType, value: string | undefined) => value && found.push({ type, value, source });
  add('external_id', inputs.externalId && `${source}:${inputs.externalId}`);
  add('wechat_unionid', inputs.wechatUnionid);
  add('wechat_openid', inputs.wechatOpenid);
  add('national_id', inputs.nationalId);
  if (inputs.email && !inputs.email.masked) add('email', inputs.email.address);
  add('phone', inputs.phone?.e164);
  return found;
}

/** A WeChat openid is only unique inside the app that issued it; by default each source is one app. */
export function scopeOpenid(openid: string, source: string, appOfSource: Record<string, string>): string {
  return `${appOfSource[source] ?? source}:${openid}`;
}
