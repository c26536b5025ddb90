import type { Connector, ConnectorConfig, ConnectorContext, NamedCheck, ReadMessage, StreamState } from '../sdk/connector';
import { ConnectorError } from '../sdk/connector-error';
import { ContactAssembler, type AssembledContact } from './contact-assembler';
import { mapContact, rowProblem } from './mapping';
import { WecomApi, type WecomConnection } from './wecom-api';
import type { FollowedContactRow } from './wecom-types';

/**
 * WeCom (企业微信) external contacts: the customers employees have added on WeChat. There is no
 * "changed since" filter, so every run is a full pass: employees with the customer-contact feature
 * (get_follow_user_list), who follows whom (externalcontact/list), then batch/get_by_user over ≤100
 * employees at a time, cursor-paged. A customer followed by several employees is emitted once per run,
 * with every follower's remark, tags and remark mobiles merged (see ContactAssembler).
 */

export const EXTERNAL_CONTACTS = 'external_contacts';
const DEFAULT_BASE_URL = 'https://qyapi.weixin.qq.com';
/** batch/get_by_user caps both `limit` and `userid_list` at 100. */
const PLATFORM_MAX = 100;

/**
 * The checkpoint. Mid-pass: which group of employees (userIndex into the sorted follower list) and cursor
 * to continue from, and the customers seen but not yet emitted. After a full pass: userIndex 0, an empty
 * cursor and `completedAt`, so the next run starts a new pass.
 */
export interface WecomStreamState {
  userIndex: number;
  cursor: string;
  pending: string[];
  completedAt?: string;
}

export const wecomConnector: Connector = {
  spec: {
    type: 'wecom',
    title: 'WeCom 企业微信 (external contacts)',
    fields: [
      { name: 'corpId', type: 'string', required: true, description: 'Corp ID (企业ID), from My Company → Company Information' },
      { name: 'secret', type: 'string', required: true, secret: true, description: "Secret of the customer-contact app (客户联系 → API), or of a self-built app listed under 可调用接口的应用" },
      { name: 'baseUrl', type: 'string', required: false, destination: 'url', default: DEFAULT_BASE_URL, description: 'API base URL; change only to reach an emulator or a proxy' },
      { name: 'pageSize', type: 'number', required: false, default: PLATFORM_MAX, description: 'Rows per batch/get_by_user page (1–100)' },
      { name: 'usersPerRequest', type: 'number', required: false, default: PLATFORM_MAX, description: 'Employees per batch/get_by_user request (1–100)' },
    ],
    traits: [
      { key: 'contact_type', type: 'text', description: 'wechat or wecom' },
      { key: 'avatar', type: 'text', description: 'Avatar URL' },
      { key: 'position', type: 'text', description: 'Job title (WeCom users)' },
      { key: 'remark', type: 'text', description: "The employees' remarks, joined by |" },
      { key: 'description', type: 'text', description: "The employees' descriptions, joined by |" },
      { key: 'tags', type: 'text', description: 'Tag names, comma-separated' },
      { key: 'follow_user', type: 'text', description: 'The employees who added the contact, comma-separated' },
      { key: 'add_way', type: 'text', description: 'How the first employee added the contact (a WeCom code, compared as text)' },
      { key: 'add_state', type: 'text', description: 'The state parameter of the contact way used' },
      { key: 'remark_mobile', type: 'text', description: 'Mobiles typed in remarks that are not the identifier, comma-separated' },
    ],
  },

  /**
   * Named checks: the token (gettoken with the customer-contact secret, and its lifetime), then who can be
   * synced (get_follow_user_list: how many employees have the customer-contact feature in the app's range).
   * A single retry each: a person is waiting for this answer.
   */
  async check(config, context) {
    const where = String(config.baseUrl ?? DEFAULT_BASE_URL);
    const checks: NamedCheck[] = [];
    let api: WecomApi;
    try {
      api = new WecomApi(connectionOf(config), context, { maxRetries: 1 });
      const lifetime = await api.tokenLifetime();
      checks.push({ name: 'token', status: 'pass', detail: `corp access token from gettoken (customer-contact secret), expires in ${lifetime} s; renewed 5 min before` });
    } catch (error) {
      const reason = refusal(error, where);
      checks.push({ name: 'token', status: 'fail', detail: reason });
      return { ok: false, reason, checks };
    }
    try {
      const followers = new Set(await api.followUsers()).size;
      checks.push(
        followers > 0
          ? { name: 'follow-users', status: 'pass', detail: `${followers} employee(s) with the customer-contact feature (客户联系) in the app's visible range` }
          : { name: 'follow-users', status: 'warn', detail: "no employee has the customer-contact feature in the app's visible range: a sync finds no customers. Widen 客户联系 → 权限配置 → 使用范围, or the app's visible range" },
      );
      return { ok: true, checks };
    } catch (error) {
      const reason = refusal(error, where);
      const fix = error instanceof ConnectorError && error.code === 'PERMISSION_DENIED' ? ` (the app lacks the 客户联系 permission: add it under 客户联系 → 可调用接口的应用, or use the 客户联系 secret)` : '';
      checks.push({ name: 'follow-users', status: 'fail', detail: `${reason}${fix}` });
      return { ok: false, reason, checks };
    }
  },

  streams: () => [{ name: EXTERNAL_CONTACTS, incremental: false }],

  async *read(stream, config, state, context) {
    if (stream !== EXTERNAL_CONTACTS) throw new ConnectorError('BAD_CONFIG', `WeCom has no stream '${stream}'; it offers '${EXTERNAL_CONTACTS}'`);
    yield* readExternalContacts(config, state, context);
  },
};

async function* readExternalContacts(config: ConnectorConfig, state: StreamState | undefined, context: ConnectorContext): AsyncGenerator<ReadMessage> {
  const api = new WecomApi(connectionOf(config), context);
  const pageSize = bounded(config.pageSize, 'pageSize');
  const usersPerRequest = bounded(config.usersPerRequest, 'usersPerRequest');
  const resumed = stateOf(state);
  const completedAt = resumed.completedAt;

  // Sorted, so that userIndex in a checkpoint means the same employees when the run resumes.
  const followUsers = [...new Set(await api.followUsers())].sort();
  const followersOf = new Map<string, Set<string>>();
  for (const userid of followUsers) {
    for (const id of await api.customerIdsOf(userid)) followersOf.set(id, (followersOf.get(id) ?? new Set()).add(userid));
  }
  const tagNames = await api.corpTagNames();
  const assembler = new ContactAssembler(followersOf, resumed.pending);
  let { userIndex, cursor } = resumed;
  let resuming = cursor !== '';

  while (userIndex < followUsers.length) {
    if (context.signal?.aborted) return;
    const userids = followUsers.slice(userIndex, userIndex + usersPerRequest);
    let page: { rows: FollowedContactRow[]; nextCursor: string };
    try {
      page = await api.contactsFollowedBy(userids, cursor, pageSize);
    } catch (error) {
      // A saved cursor WeCom no longer accepts: start the pass over rather than stop for good. Customers
      // already emitted come again, which is harmless; pending ones stay deferred, so none is lost.
      if (!(resuming && error instanceof ConnectorError && error.code === 'BAD_CONFIG')) throw error;
      [userIndex, cursor, resuming] = [0, '', false];
      continue;
    }
    resuming = false;
    if (page.nextCursor !== '' && page.nextCursor === cursor) {
      throw new ConnectorError('BAD_RESPONSE', 'WeCom batch/get_by_user answered the cursor it was given as the next one: the pages are not advancing');
    }
    for (const row of page.rows) {
      const problem = rowProblem(row);
      if (problem) {
        yield { type: 'rejection', reason: problem, raw: row };
        continue;
      }
      const outcome = assembler.accept(row);
      if (outcome.kind === 'complete') yield toMessage(outcome.assembled, tagNames);
    }
    cursor = page.nextCursor;
    if (cursor === '') userIndex += usersPerRequest;
    yield checkpoint({ userIndex, cursor, pending: assembler.pendingIds(), completedAt });
  }

  const { incomplete, deferred } = assembler.finish();
  for (const assembled of incomplete) yield toMessage(assembled, tagNames);
  // Customers whose earlier rows were read before a crash: fetch each whole, checkpointing as we go.
  for (let index = 0; index < deferred.length; index++) {
    if (context.signal?.aborted) return;
    const detail = await api.contactDetail(deferred[index]);
    if (detail) {
      for (const [tagId, name] of detail.tagNames) if (!tagNames.has(tagId)) tagNames.set(tagId, name);
      yield toMessage({ contact: detail.contact, follows: detail.follows }, tagNames);
    }
    if ((index + 1) % pageSize === 0) yield checkpoint({ userIndex, cursor: '', pending: deferred.slice(index + 1), completedAt });
  }
  yield checkpoint({ userIndex: 0, cursor: '', pending: [], completedAt: new Date().toISOString() });
}

function toMessage(assembled: AssembledContact, tagNames: ReadonlyMap<string, string>): ReadMessage {
  const mapped = mapContact(assembled, tagNames);
  return mapped.ok ? { type: 'record', record: mapped.record } : { type: 'rejection', reason: mapped.reason, raw: assembled };
}

function checkpoint(state: WecomStreamState): ReadMessage {
  return { type: 'state', state: { ...state } };
}

function stateOf(state: StreamState | undefined): WecomStreamState {
  const userIndex = typeof state?.userIndex === 'number' && state.userIndex >= 0 ? state.userIndex : 0;
  const cursor = typeof state?.cursor === 'string' ? state.cursor : '';
  const pending = Array.isArray(state?.pending) ? state.pending.filter((id): id is string => typeof id === 'string') : [];
  const completedAt = typeof state?.completedAt === 'string' ? state.completedAt : undefined;
  return { userIndex, cursor, pending, completedAt };
}

/** What check() says when WeCom cannot be reached or refuses; never the secret (messages carry errcodes and hints only). */
function refusal(error: unknown, where: string): string {
  if (!(error instanceof ConnectorError)) throw error;
  return error.code === 'NETWORK' || error.code === 'TIMEOUT'
    ? `cannot reach WeCom at ${where}: ${error.message}`
    : `WeCom refused the connection check (${error.code}): ${error.message}`;
}

function connectionOf(config: ConnectorConfig): WecomConnection {
  const corpId = typeof config.corpId === 'string' ? config.corpId.trim() : '';
  const secret = typeof config.secret === 'string' ? config.secret.trim() : '';
  if (!corpId || !secret) throw new ConnectorError('BAD_CONFIG', 'WeCom needs both corpId and secret: set them on the connection');
  return { baseUrl: String(config.baseUrl || DEFAULT_BASE_URL), corpId, secret };
}

function bounded(value: ConnectorConfig[string], field: string): number {
  if (value === undefined || value === '') return PLATFORM_MAX;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > PLATFORM_MAX) {
    throw new ConnectorError('BAD_CONFIG', `WeCom ${field} must be a whole number from 1 to ${PLATFORM_MAX}, not '${value}'`);
  }
  return number;
}
