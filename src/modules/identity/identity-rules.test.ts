import { describe, expect, it } from 'vitest';
import { normalizeRecord } from './normalized-record';
import { resolutionConfig } from './resolution-config';
import type { ResolutionRecord } from './resolution-record';

const config = resolutionConfig();
const identifiersOf = (record: Partial<ResolutionRecord>) =>
  normalizeRecord({ id: 'r1', source: 'shop', fields: {}, ...record }, config).identifiers.map(({ type, value }) => `${type}=${value}`);

describe('identifiers a record contributes', () => {
  it('namespaces the external id by source and writes e-mail and phone in their normalized form', () => {
    expect(identifiersOf({ externalId: 'C-1', fields: { email: 'J.Doe@Gmail.com', phone: '13812348000' } })).toEqual([
      'external_id=shop:C-1',
      'email=jdoe@gmail.com',
      'phone=+8613812348000',
    ]);
  });

  it('keeps masked values as evidence but never as identifiers', () => {
    const record = normalizeRecord({ id: 'r1', source: 'pos', fields: { phone: '138****8000', email: 'j***@qq.com', national_id: '110***********1234' } }, config);
    expect(record.identifiers).toEqual([]);
    expect(record.phone?.masked).toBe('138****8000');
    expect(record.email?.masked).toBe(true);
    expect(record.nationalId).toBe('110***********1234');
  });

  it('drops placeholder phones and e-mails entirely', () => {
    const record = normalizeRecord({ id: 'r1', source: 'pos', fields: { phone: '13800138000', email: 'test@example.com' } }, config);
    expect(record.identifiers).toEqual([]);
    expect(record.phone).toBeUndefined();
    expect(record.email).toBeUndefined();
    for (const phone of ['11111111111', '13900000000', '1234567890']) {
      expect(normalizeRecord({ id: 'r', source: 's', fields: { phone } }, config).phone).toBeUndefined();
    }
    expect(normalizeRecord({ id: 'r', source: 's', fields: { email: 'noreply@shop.cn' } }, config).email).toBeUndefined();
  });

  it('scopes a WeChat openid to its app, so the same openid from two apps is two identifiers', () => {
    expect(identifiersOf({ source: 'wechat-oa', fields: { wechat_openid: 'oABC' } })).toEqual(['wechat_openid=wechat-oa:oABC']);
    const shared = resolutionConfig({ wechatAppOfSource: { 'wechat-oa': 'wx123', 'wecom': 'wx123' } });
    const a = normalizeRecord({ id: 'a', source: 'wechat-oa', fields: { wechat_openid: 'oABC' } }, shared);
    const b = normalizeRecord({ id: 'b', source: 'wecom', fields: { wechat_openid: 'oABC' } }, shared);
    expect(a.identifiers).toEqual(b.identifiers.map((identifier) => ({ ...identifier, source: 'wechat-oa' })));
  });
});
