import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { AssembledContact } from './contact-assembler';
import { nameFromRemark } from './remark-name';
import type { FollowInfo } from './wecom-types';

/**
 * Pure mapping from WeCom external contacts to canonical records. One record per customer
 * (external_id = external_userid), whatever the number of employees following them: the follow rows are
 * merged (remarks, tags, remark mobiles, followers) and each one becomes an `add_contact` interaction.
 * The contact's `name` is what the customer calls themselves (a WeChat nickname: 阳光, 小猫咪, "Sunny"), so it
 * is their `nickname`, which identity resolution never reads as a name; their name is what an employee typed
 * as remark, when it reads as one.
 */

export type MappingResult = { ok: true; record: Record<string, unknown> } | { ok: false; reason: string };

type Scalar = string | number | boolean;

/** The canonical record accepts at most this many characters per text value. */
const MAX_TEXT = 1000;

/** Why a batch/get_by_user row cannot be used at all, or undefined when it can. */
export function rowProblem(row: unknown): string | undefined {
  if (typeof row !== 'object' || row === null) return 'row is not an object';
  const { external_contact: contact, follow_info: follow } = row as Record<string, unknown>;
  if (typeof contact !== 'object' || contact === null) return 'row has no external_contact';
  const id = (contact as Record<string, unknown>).external_userid;
  if (typeof id !== 'string' || id.trim() === '') return 'external_contact.external_userid is missing: the customer cannot be identified';
  if (typeof follow !== 'object' || follow === null || typeof (follow as Record<string, unknown>).userid !== 'string') {
    return `follow_info.userid is missing for ${id}: the row cannot say which employee follows the customer`;
  }
  return undefined;
}

/** A remark mobile as E.164 when it is a valid number (mainland numbers are typed without +86), else undefined. */
export function phoneFromRemark(raw: string): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim(), 'CN');
  return parsed?.isValid() ? parsed.number : undefined;
}

/** `tagNames` resolves follow_info.tag_id; an id it does not know (a deleted tag) is kept as the id. */
export function mapContact({ contact, follows }: AssembledContact, tagNames: ReadonlyMap<string, string>): MappingResult {
  const id = contact.external_userid?.trim();
  if (!id) return { ok: false, reason: 'external_contact.external_userid is missing: the customer cannot be identified' };
  // Earliest follower first, so the merged values do not depend on the order rows arrived in.
  const ordered = [...follows].sort((a, b) => (a.createtime ?? 0) - (b.createtime ?? 0) || a.userid.localeCompare(b.userid));
  const { phone, otherMobiles } = splitRemarkMobiles(ordered);
  const tags = distinct(ordered.flatMap((follow) => follow.tag_id ?? []).map((tagId) => tagNames.get(tagId) ?? tagId));

  const fields: Record<string, string | undefined> = {
    external_id: id,
    // The earliest follower's remark that reads as a name; the remarks themselves stay in traits.remark.
    full_name: first(ordered.map((follow) => nameFromRemark(follow.remark))),
    nickname: text(contact.name),
    wechat_unionid: text(contact.unionid),
    gender: contact.gender === 1 ? 'male' : contact.gender === 2 ? 'female' : undefined,
    // The customer's own company (WeCom users) beats what an employee typed about it.
    company: text(contact.corp_full_name) ?? text(contact.corp_name) ?? first(ordered.map((follow) => text(follow.remark_corp_name))),
    phone,
  };
  const traits: Record<string, Scalar | undefined> = {
    contact_type: contact.type === 2 ? 'wecom' : contact.type === 1 ? 'wechat' : undefined,
    avatar: text(contact.avatar),
    position: text(contact.position),
    remark: joined(ordered.map((follow) => follow.remark), ' | '),
    description: joined(ordered.map((follow) => follow.description), ' | '),
    tags: joined(tags, ','),
    follow_user: joined(ordered.map((follow) => follow.userid), ','),
    add_way: ordered[0]?.add_way,
    add_state: text(ordered[0]?.state),
    // Typed by employees and not a valid number (or a second number): kept, but never used as an identifier.
    remark_mobile: joined(otherMobiles, ','),
  };
  const events = ordered.filter((follow) => validSeconds(follow.createtime)).map((follow) => addContactEvent(id, follow));

  return {
    ok: true,
    record: {
      ...defined(fields),
      traits: defined(traits),
      ...(events.length > 0 ? { events } : {}),
      // No updated_at: WeCom exposes no modification time, and the add time is not one.
    },
  };
}

function addContactEvent(externalUserid: string, follow: FollowInfo) {
  return {
    // Stable across runs, so a re-sync of the same follow relationship is the same event.
    id: `wecom:add_contact:${externalUserid}:${follow.userid}`,
    type: 'interaction' as const,
    occurred_at: new Date((follow.createtime as number) * 1000).toISOString(),
    properties: defined({ kind: 'add_contact', userid: follow.userid, add_way: follow.add_way, state: text(follow.state) }),
  };
}

function splitRemarkMobiles(follows: FollowInfo[]): { phone?: string; otherMobiles: string[] } {
  let phone: string | undefined;
  const otherMobiles: string[] = [];
  for (const raw of distinct(follows.flatMap((follow) => follow.remark_mobiles ?? []).map((mobile) => String(mobile).trim()))) {
    const normalized = phoneFromRemark(raw);
    if (normalized && (phone === undefined || phone === normalized)) phone = normalized;
    else otherMobiles.push(raw);
  }
  return { phone, otherMobiles };
}

function validSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : clip(trimmed);
}

function joined(values: (string | undefined)[], separator: string): string | undefined {
  return text(distinct(values.map(text).filter((value): value is string => value !== undefined)).join(separator));
}

function clip(value: string): string {
  return value.length <= MAX_TEXT ? value : `${value.slice(0, MAX_TEXT - 1)}…`;
}

function distinct<T>(values: T[]): T[] {
  return [...new Set(values)].filter((value) => value !== '');
}

function first<T>(values: (T | undefined)[]): T | undefined {
  return values.find((value) => value !== undefined);
}

function defined<T>(object: Record<string, T | undefined>): Record<string, T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Record<string, T>;
}
