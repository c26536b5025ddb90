import { describe, expect, it } from 'vitest';
import { parseCanonicalRecord } from '../sdk/records';
import { ContactAssembler } from './contact-assembler';
import { mapContact, phoneFromRemark, rowProblem } from './mapping';
import type { ExternalContact, FollowInfo } from './wecom-types';

const contact: ExternalContact = { external_userid: 'wmAAAA', name: '王芳', type: 1, gender: 2, unionid: 'o6_bmXYZ' };
const byLina: FollowInfo = { userid: 'lina', remark: '王女士', createtime: 1_700_000_000, tag_id: ['etVIP'], remark_mobiles: ['138 0013 8000'], add_way: 1 };
const byChen: FollowInfo = { userid: 'chenjing', remark: '王芳-上海', createtime: 1_710_000_000, tag_id: ['etVIP', 'etGone'], remark_mobiles: ['1380013800'], add_way: 201, state: 'spring_fair' };
const tagNames = new Map([['etVIP', 'VIP']]);

describe('WeCom mapping', () => {
  it('merges two followers into one customer: remarks, tags, mobiles and one add event each', () => {
    const mapped = mapContact({ contact, follows: [byChen, byLina] }, tagNames);
    expect(mapped).toEqual({
      ok: true,
      record: {
        external_id: 'wmAAAA',
        // lina's 王女士 is a form of address; chenjing's 王芳-上海 is a name with a note.
        full_name: '王芳',
        nickname: '王芳',
        wechat_unionid: 'o6_bmXYZ',
        gender: 'female',
        phone: '+8613800138000',
        traits: { contact_type: 'wechat', remark: '王女士 | 王芳-上海', tags: 'VIP,etGone', follow_user: 'lina,chenjing', add_way: 1, remark_mobile: '1380013800' },
        events: [
          { id: 'wecom:add_contact:wmAAAA:lina', type: 'interaction', occurred_at: '2023-11-14T22:13:20.000Z', properties: { kind: 'add_contact', userid: 'lina', add_way: 1 } },
          {
            id: 'wecom:add_contact:wmAAAA:chenjing',
            type: 'interaction',
            occurred_at: '2024-03-09T16:00:00.000Z',
            properties: { kind: 'add_contact', userid: 'chenjing', add_way: 201, state: 'spring_fair' },
          },
        ],
      },
    });
    expect(parseCanonicalRecord(mapped.ok && mapped.record).ok).toBe(true);
  });

  it("takes the customer's WeChat name as their nickname and their name from what an employee typed", () => {
    const sunny = { ...contact, name: '阳光' };
    expect(mapContact({ contact: sunny, follows: [byLina, byChen] }, tagNames)).toMatchObject({ ok: true, record: { full_name: '王芳', nickname: '阳光' } });
    const untyped = mapContact({ contact: sunny, follows: [byLina, { ...byChen, remark: '' }] }, tagNames);
    expect(untyped).toMatchObject({ ok: true, record: { nickname: '阳光', traits: { remark: '王女士' } } });
    expect(untyped.ok && untyped.record).not.toHaveProperty('full_name');
    expect(untyped.ok && untyped.record).not.toHaveProperty('first_name');
  });

  it("maps WeCom's own batch/get_by_user example: 李四 is the contact's name, 李部长 a form of address", () => {
    // Abridged from developer.work.weixin.qq.com/document/path/92994 (批量获取客户详情), the example answer's one row.
    const documented = {
      external_contact: { external_userid: 'woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA', name: '李四', position: 'Manager', corp_name: '腾讯', corp_full_name: '腾讯科技有限公司', type: 2, gender: 1, unionid: 'ozynqsulJFCZ2z1aYeS8h-nuasdAAA' },
      follow_info: { userid: 'rocky', remark: '李部长', description: '对接采购事务', createtime: 1525779812, tag_id: ['etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA'], remark_corp_name: '腾讯科技', remark_mobiles: ['13800000001'], add_way: 1 },
    };
    expect(rowProblem(documented)).toBeUndefined();
    const mapped = mapContact({ contact: documented.external_contact, follows: [documented.follow_info] }, new Map());
    expect(mapped).toMatchObject({ ok: true, record: { nickname: '李四', company: '腾讯科技有限公司', traits: { remark: '李部长', position: 'Manager' } } });
    expect(mapped.ok && mapped.record).not.toHaveProperty('full_name');
    expect(parseCanonicalRecord(mapped.ok && mapped.record)).toMatchObject({ ok: true, record: { fields: { nickname: '李四' } } });
  });

  it('gives the same record whatever order the follow rows arrived in', () => {
    expect(mapContact({ contact, follows: [byLina, byChen] }, tagNames)).toEqual(mapContact({ contact, follows: [byChen, byLina] }, tagNames));
  });

  it('reads hand-typed mainland mobiles in their usual formats and refuses a digit short', () => {
    for (const typed of ['13800138000', '138 0013 8000', '+86 138-0013-8000', '0086-13800138000']) expect(phoneFromRemark(typed)).toBe('+8613800138000');
    expect(phoneFromRemark('1380013800')).toBeUndefined();
  });

  it('names what is wrong with a row that cannot be used', () => {
    expect(rowProblem({ external_contact: { name: 'x' }, follow_info: { userid: 'lina' } })).toContain('external_userid is missing');
    expect(rowProblem({ external_contact: { external_userid: 'wm1' } })).toContain('follow_info.userid is missing');
    expect(rowProblem({ external_contact: { external_userid: 'wm1' }, follow_info: { userid: 'lina' } })).toBeUndefined();
  });
});

describe('ContactAssembler', () => {
  const followersOf = new Map([['wmAAAA', new Set(['lina', 'chenjing'])]]);

  it('holds a shared customer until every follower’s row has come, then releases it once', () => {
    const assembler = new ContactAssembler(followersOf);
    expect(assembler.accept({ external_contact: contact, follow_info: byLina })).toEqual({ kind: 'held' });
    expect(assembler.pendingIds()).toEqual(['wmAAAA']);
    expect(assembler.accept({ external_contact: contact, follow_info: byChen })).toEqual({ kind: 'complete', assembled: { contact, follows: [byLina, byChen] } });
    expect(assembler.accept({ external_contact: contact, follow_info: { userid: 'newcomer' } })).toEqual({ kind: 'repeat' });
    expect(assembler.pendingIds()).toEqual([]);
  });

  it('defers customers a crashed run had pending, and hands back the ones whose other follower never came', () => {
    const assembler = new ContactAssembler(followersOf, ['wmAAAA']);
    expect(assembler.accept({ external_contact: contact, follow_info: byChen })).toEqual({ kind: 'deferred' });
    const other = { ...contact, external_userid: 'wmBBBB' };
    const stranded = new ContactAssembler(new Map([['wmBBBB', new Set(['lina', 'liuyang'])]]));
    stranded.accept({ external_contact: other, follow_info: byLina });
    expect(stranded.finish()).toEqual({ incomplete: [{ contact: other, follows: [byLina] }], deferred: [] });
    expect(assembler.finish()).toEqual({ incomplete: [], deferred: ['wmAAAA'] });
  });
});
