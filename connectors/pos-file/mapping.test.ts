import { describe, expect, it } from 'vitest';
import { parseCanonicalRecord } from '../sdk/records';
import { mapPosRow, normalizeChinaPhone, parseColumnMap, parseDecimal, parseLocalTime, resolveHeader } from './mapping';

const origin = { file: 'members.csv', line: 7, exportedAt: new Date('2026-11-01T02:00:00Z'), utcOffset: '+08:00' };

describe('pos-file mapping', () => {
  it('reads a phone typed in any of the ways POS staff type it', () => {
    for (const typed of ['13800138000', '138 0013 8000', '+86 13800138000', '0086-13800138000', '138-0013-8000', '+86-138-0013-8000', '１３８００１３８０００']) {
      expect(normalizeChinaPhone(typed), typed).toBe('+8613800138000');
    }
    // What Excel makes of a long number shown in scientific notation cannot be read back.
    expect(normalizeChinaPhone('1.38001E+10')).toBeUndefined();
  });

  it('recognises common Chinese and English headers, and lets a column map name the rest', () => {
    expect(resolveHeader(['会员卡号', '姓名', '手机号码', '所属门店', '可用积分', '备注'], {})).toEqual(['member_card', 'full_name', 'phone', 'store', 'points', undefined]);
    expect(resolveHeader(['Member No', 'Name', 'Mobile', 'Store Name', 'Points'], {})).toEqual(['member_card', 'full_name', 'phone', 'store', 'points']);
    expect(resolveHeader(['卡号', '会员等级', '卡级别', '等级', '积分', '可用积分', '当前积分', '余额', '储值余额', '开卡日期', '注册日期'], {})).toEqual([
      'member_card', 'level', 'level', 'level', 'points', 'points', 'points', 'balance', 'balance', 'opened_at', 'opened_at',
    ]);
    expect(resolveHeader(['会员资料导出 2026-11-01'], {})).toBeUndefined();
    const map = parseColumnMap('VIP号=member_card，联系方式=phone,等级=traits.level');
    expect(resolveHeader(['VIP号', '联系方式', '等级'], map)).toEqual(['member_card', 'phone', 'traits.level']);
    expect(() => parseColumnMap('手机=mobile_phone')).toThrow(/'手机=mobile_phone'/);
  });

  it('keeps a member with a card but an unreadable phone, showing the phone as typed', () => {
    const mapped = mapPosRow({ member_card: 'M00012345', phone: '1.38001E+10', full_name: '王  芳' }, origin);
    expect(mapped).toEqual({ ok: true, record: { external_id: 'M00012345', full_name: '王 芳', traits: { member_card: 'M00012345', phone_as_typed: '1.38001E+10' }, updated_at: '2026-11-01T02:00:00.000Z' } });
  });

  it('gives a card-less member an id from store and phone, the same however the phone was typed', () => {
    const a = mapPosRow({ phone: '138 0013 8000', store: '上海徐家汇店' }, origin);
    const b = mapPosRow({ phone: '+86-13800138000', store: '上海徐家汇店' }, origin);
    const elsewhere = mapPosRow({ phone: '13800138000', store: '北京西单店' }, origin);
    if (!a.ok || !b.ok || !elsewhere.ok) throw new Error('expected records');
    expect(a.record.external_id).toMatch(/^nocard-/);
    expect(a.record.external_id).toBe(b.record.external_id);
    expect(elsewhere.record.external_id).not.toBe(a.record.external_id);
    expect(parseCanonicalRecord(a.record)).toMatchObject({ ok: true });
  });

  it('says which file and line a row came from when it cannot be mapped', () => {
    expect(mapPosRow({ full_name: '散客' }, origin)).toEqual({ ok: false, reason: 'members.csv line 7: no member card and no phone' });
    expect(mapPosRow({ phone: '12345' }, origin)).toEqual({ ok: false, reason: "members.csv line 7: no member card, and phone '12345' is not a valid number" });
    expect(mapPosRow({ member_card: 'M1', amount: '99' }, origin)).toEqual({ ok: false, reason: 'members.csv line 7: a transaction without a time' });
    expect(mapPosRow({ member_card: 'M1', time: '2026-02-30 10:00' }, origin)).toEqual({ ok: false, reason: "members.csv line 7: time '2026-02-30 10:00' is not a date" });
  });

  it('reads amounts and points the way they are written, and local times in the POS offset', () => {
    expect(['1,234', '¥128.00', '128元', '１２８', ' 42 '].map(parseDecimal)).toEqual([1234, 128, 128, 128, 42]);
    expect(parseDecimal('N/A')).toBeUndefined();
    expect(parseLocalTime('2026-10-12 14:33:05', '+08:00')).toBe('2026-10-12T06:33:05.000Z');
    expect(parseLocalTime('2026年10月12日 9:05', '+08:00')).toBe('2026-10-12T01:05:00.000Z');
    expect(parseLocalTime('2026-10-12T06:33:05Z', '+08:00')).toBe('2026-10-12T06:33:05.000Z');
    // A date without a time (a card-open date) is midnight at the POS.
    expect(parseLocalTime('2021/03/15', '+08:00')).toBe('2021-03-14T16:00:00.000Z');
  });
});
