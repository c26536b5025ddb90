import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Pure mapping from one row of a POS export (a member list or a sales ledger) to a canonical record.
 * No I/O: the connector hands in the cells by target and where they came from.
 */

/** What a POS column can mean; `traits.<key>` targets carry any other column through as a trait. */
export const POS_TARGETS = ['member_card', 'phone', 'full_name', 'store', 'level', 'points', 'balance', 'opened_at', 'amount', 'time', 'order_no'] as const;
export type PosTarget = (typeof POS_TARGETS)[number];

/** Headers seen in common Chinese and English POS exports, compared after normalizeHeader(). */
const DEFAULT_HEADERS: Record<PosTarget, string[]> = {
  member_card: ['会员卡号', '卡号', '会员卡', '会员号', '会员编号', 'membercard', 'memberno', 'membernumber', 'cardno', 'cardnumber', 'card'],
  phone: ['手机', '手机号', '手机号码', '联系电话', '电话', '会员手机', 'mobile', 'phone', 'phonenumber', 'tel', 'cellphone'],
  full_name: ['姓名', '会员姓名', '客户姓名', '会员名称', 'name', 'fullname', 'membername', 'customername'],
  store: ['门店', '门店名称', '所属门店', '开卡门店', '消费门店', 'store', 'storename', 'shop', 'branch'],
  level: ['会员等级', '卡级别', '等级', '会员级别', '卡等级', '级别', 'level', 'memberlevel', 'membershiplevel', 'tier', 'membertier', 'viplevel'],
  points: ['积分', '当前积分', '可用积分', '会员积分', '积分余额', '剩余积分', 'points', 'point', 'pointsbalance'],
  balance: ['余额', '储值余额', '卡内余额', '储值卡余额', '账户余额', '储值', 'balance', 'storedvalue', 'storedvaluebalance'],
  opened_at: ['开卡日期', '注册日期', '开卡时间', '注册时间', '入会日期', '入会时间', '办卡日期', 'opendate', 'joindate', 'joinedat', 'registrationdate', 'registeredat', 'membersince'],
  amount: ['消费金额', '实付金额', '金额', '交易金额', 'amount', 'total', 'salesamount'],
  time: ['消费时间', '交易时间', '下单时间', '时间', 'time', 'date', 'transactiontime', 'purchasetime'],
  order_no: ['单号', '订单号', '小票号', '流水号', '交易单号', 'orderno', 'receiptno', 'transactionid', 'orderid'],
};

/** Header text compared loosely: full-width folded, case, spaces, underscores and brackets ignored. */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[\s_\-()（）:：.#]/g, '');
}

/** Parses `会员卡号=member_card,手机号=phone,等级=traits.level`; the error names the pair that is wrong. */
export function parseColumnMap(text: string | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of (text ?? '').split(/[,，\n]/).map((part) => part.trim()).filter(Boolean)) {
    const match = /^([^=]+)=(.+)$/.exec(pair);
    const target = match?.[2].trim() ?? '';
    if (!match || !((POS_TARGETS as readonly string[]).includes(target) || /^traits\.[\w.-]{1,100}$/.test(target))) {
      throw new Error(`column map '${pair}': expected header=target with a target among ${POS_TARGETS.join(', ')} or traits.<key>`);
    }
    map[normalizeHeader(match[1])] = target;
  }
  return map;
}

/** Column index → target (undefined: ignored); undefined when the row cannot be a header. */
export function resolveHeader(cells: string[], columnMap: Record<string, string>): (string | undefined)[] | undefined {
  const targets = cells.map((cell) => {
    const key = normalizeHeader(cell);
    if (!key) return undefined;
    return columnMap[key] ?? POS_TARGETS.find((target) => DEFAULT_HEADERS[target].includes(key));
  });
  // A header names at least one identity column; otherwise this is a title line or a data row.
  return targets.includes('member_card') || targets.includes('phone') ? targets : undefined;
}

export interface RowOrigin {
  file: string;
  line: number;
  /** When the export was written (the file's modification time): what the values were true as of. */
  exportedAt: Date;
  /** The POS's wall-clock offset, e.g. +08:00: exports carry local times without a zone. */
  utcOffset: string;
}

export type RowMapping = { ok: true; record: Record<string, unknown> } | { ok: false; reason: string };

/** Maps the cells of one data row (by target) to a canonical record, or says why it cannot. */
export function mapPosRow(cells: Record<string, string>, origin: RowOrigin): RowMapping {
  const fail = (why: string): RowMapping => ({ ok: false, reason: `${origin.file} line ${origin.line}: ${why}` });
  const card = cells.member_card?.normalize('NFKC').replace(/\s+/g, '') || undefined;
  // 6.22588E+15 is what Excel shows of a 16-digit card saved as a number: the digits behind it are gone.
  if (card && SCIENTIFIC.test(card)) return fail(lostDigits('member card', card));
  if (cells.order_no && SCIENTIFIC.test(cells.order_no.trim())) return fail(lostDigits('order number', cells.order_no.trim()));
  const phoneTyped = cells.phone?.trim() || undefined;
  const phone = phoneTyped === undefined ? undefined : normalizeChinaPhone(phoneTyped);
  const store = cells.store?.trim() || undefined;
  if (!card && !phoneTyped) return fail('no member card and no phone');
  if (!card && !phone) return fail(`no member card, and phone '${phoneTyped}' is not a valid number`);

  const traits: Record<string, string | number> = {};
  if (card) traits.member_card = card;
  if (store) traits.store = store;
  // Kept as typed, so an unusable number is visible on the profile rather than lost.
  if (phoneTyped && !phone) traits.phone_as_typed = phoneTyped;
  const membership = mapMembership(cells, origin);
  if (typeof membership === 'string') return fail(membership);
  Object.assign(traits, membership.traits);
  for (const [target, value] of Object.entries(cells)) {
    if (target.startsWith('traits.') && value.trim()) traits[target.slice('traits.'.length)] = value.trim();
  }

  // A card is the member's id at the POS; without one, the same phone at the same store is the same member.
  const externalId = card ?? `nocard-${shortHash(`${store ?? ''}|${phone}`)}`;
  const record: Record<string, unknown> = { external_id: externalId, traits, updated_at: origin.exportedAt.toISOString() };
  if (phone) record.phone = phone;
  const fullName = cells.full_name?.replace(/\s+/g, ' ').trim();
  if (fullName) record.full_name = fullName;

  const order = mapOrder(cells, externalId, store, origin);
  if (typeof order === 'string') return fail(order);
  const events = [order, membershipEvent(membership.properties, externalId, store, origin)].filter((event) => event !== undefined);
  if (events.length > 0) record.events = events;
  return { ok: true, record };
}

const SCIENTIFIC = /^[+-]?\d+(\.\d+)?e[+-]?\d+$/i;

function lostDigits(what: string, text: string): string {
  return `${what} '${text}' was saved as a number in scientific notation and has lost digits; export that column as text`;
}

interface Membership {
  traits: Record<string, string | number>;
  /** What the POS states about the membership, as the membership computed traits read it. */
  properties: Record<string, string | number>;
}

/** Level, points, stored-value balance and card-open date: traits, and the properties of a membership event. */
function mapMembership(cells: Record<string, string>, origin: RowOrigin): Membership | string {
  const traits: Record<string, string | number> = {};
  const properties: Record<string, string | number> = {};
  const level = cells.level?.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (level) traits.member_level = properties.tier = level;
  if (cells.points?.trim()) {
    const points = parseDecimal(cells.points);
    if (points === undefined) return `points '${cells.points}' is not a number`;
    traits.points = properties.points_balance = points;
  }
  if (cells.balance?.trim()) {
    const balance = parseDecimal(cells.balance);
    if (balance === undefined) return `balance '${cells.balance}' is not a number`;
    traits.stored_value_balance = properties.stored_value_balance = balance;
  }
  if (cells.opened_at?.trim()) {
    const openedAt = parseLocalTime(cells.opened_at, origin.utcOffset);
    if (!openedAt) return `card-open date '${cells.opened_at.trim()}' is not a date`;
    traits.card_opened_at = properties.card_opened_at = openedAt;
  }
  return { traits, properties };
}

/**
 * The membership as the export states it, true as of the export: the latest such event gives the profile's tier and
 * points (computed traits `membership_tier`, `membership_points`). The same export read again is the same event.
 */
function membershipEvent(properties: Record<string, string | number>, member: string, store: string | undefined, origin: RowOrigin): Record<string, unknown> | undefined {
  if (properties.tier === undefined && properties.points_balance === undefined && properties.stored_value_balance === undefined) return undefined;
  const asOf = origin.exportedAt.toISOString();
  return {
    id: `pos-membership-${shortHash(`${member}|${asOf}`)}`,
    type: 'membership',
    occurred_at: asOf,
    properties: { kind: 'pos_export', ...properties, ...(store ? { store } : {}), source_file: origin.file },
  };
}

/** An order event when the row carries a transaction; a string says why the transaction is unreadable. */
function mapOrder(cells: Record<string, string>, member: string, store: string | undefined, origin: RowOrigin): Record<string, unknown> | string | undefined {
  const time = cells.time?.trim();
  const amountText = cells.amount?.trim();
  const orderNo = cells.order_no?.trim();
  if (!time && !amountText && !orderNo) return undefined;
  if (!time) return 'a transaction without a time';
  const occurredAt = parseLocalTime(time, origin.utcOffset);
  if (!occurredAt) return `time '${time}' is not a date`;
  const amount = amountText ? parseDecimal(amountText) : undefined;
  if (amountText && amount === undefined) return `amount '${amountText}' is not a number`;
  // Stable across re-exports of the same sale, so the hub can recognise it when it arrives twice.
  const id = orderNo ? `pos-${orderNo}` : `pos-${shortHash(`${member}|${store ?? ''}|${occurredAt}|${amount ?? ''}`)}`;
  const properties: Record<string, unknown> = { source_file: origin.file };
  if (store) properties.store = store;
  if (orderNo) properties.order_no = orderNo;
  return { id, type: 'order', occurred_at: occurredAt, ...(amount === undefined ? {} : { amount }), properties };
}

/** Staff type numbers every way (`138 0013 8000`, `+86-138…`, `0086…`, full-width digits): E.164 or undefined. */
export function normalizeChinaPhone(typed: string): string | undefined {
  const parsed = parsePhoneNumberFromString(typed.normalize('NFKC').trim(), 'CN');
  return parsed?.isValid() ? parsed.number : undefined;
}

/** `1,234`, `¥128.00`, `128元`, full-width digits → number; anything else → undefined. */
export function parseDecimal(text: string): number | undefined {
  const cleaned = text.normalize('NFKC').replace(/[\s,¥$]|元|RMB|CNY/gi, '');
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : undefined;
}

/** `2026-10-12 14:33[:05]`, `2026/10/12`, `2026年10月12日 14:33` in the POS's offset, or an ISO time with a zone. */
export function parseLocalTime(text: string, utcOffset: string): string | undefined {
  const local = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.normalize('NFKC').trim());
  if (!local) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? new Date(text) : undefined;
    return zoned && !Number.isNaN(zoned.getTime()) ? zoned.toISOString() : undefined;
  }
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = local;
  const pad = (value: string) => value.padStart(2, '0');
  const date = new Date(`${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${utcOffset}`);
  // Date rolls 2026-02-30 over into March: refuse dates that do not exist instead.
  const check = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (Number.isNaN(date.getTime()) || check.getUTCDate() !== Number(day) || Number(hour) > 23) return undefined;
  return date.toISOString();
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}
