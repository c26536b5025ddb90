import { describe, expect, it } from 'vitest';
import { connectableTruth } from '../../bench/support/connectable-truth';
import type { ResolutionRecord } from '../../src/modules/identity';

type Sighting = [id: string, entity: string, source: string, fields: ResolutionRecord['fields']];

function connect(sightings: Sighting[]): Map<string, string> {
  const records = sightings.map(([id, , source, fields]) => ({ id, source, fields }));
  const truth = new Map(sightings.map(([id, entity]) => [id, entity]));
  return connectableTruth(records, truth, 'CN');
}

describe('connectableTruth', () => {
  it('keeps an entity whole when one phone, however written, runs through its records', () => {
    const parts = connect([
      ['a', 'gao', 'pos', { full_name: '高先生', phone: '0086 139 1234 5678' }],
      ['b', 'gao', 'shop', { full_name: 'GAO HAORAN', phone: '13912345678' }],
      ['c', 'gao', 'crm', { full_name: '高浩然', phone: '86-13912345678', email: 'gaohr@163.com' }],
      ['d', 'gao', 'wechat', { wechat_unionid: 'o6_bm1', email: 'GaoHR@163.com' }],
    ]);
    expect(new Set(parts.values())).toEqual(new Set(['gao']));
  });

  it('splits off a follower known only by a nickname, and a record with only a masked phone', () => {
    const parts = connect([
      ['a', 'yang', 'crm', { full_name: '杨桂英', phone: '13800001234' }],
      ['b', 'yang', 'wechat', { wechat_openid: 'oW2x9' }],
      ['c', 'yang', 'pos', { full_name: '杨女士', phone: '138****1234' }],
    ]);
    expect(new Set(parts.values()).size).toBe(3);
    expect([...parts.values()].every((part) => part.startsWith('yang/'))).toBe(true);
  });

  it('connects a masked phone to the full one it could be only under the same name', () => {
    const parts = connect([
      ['a', 'hao', 'crm', { full_name: '郝智辉', phone: '151 1893 2584' }],
      ['b', 'hao', 'shop', { full_name: 'HAO ZHIHUI', phone: '151****2584' }],
      ['c', 'hao', 'pos', { full_name: '郝先生', phone: '151****2584' }],
    ]);
    expect(parts.get('a')).toBe(parts.get('b'));
    expect(parts.get('c')).not.toBe(parts.get('a'));
  });

  it('reads a phone in the country its row names: a US customer’s dotted and plain numbers meet', () => {
    const parts = connect([
      ['a', 'ann', 'crm', { full_name: 'Ann Lee', phone: '617.671.3260', country: 'US' }],
      ['b', 'ann', 'shop', { first_name: 'Ann', last_name: 'Lee', phone: '6176713260', country: 'US' }],
      ['c', 'ann', 'pos', { phone: '6176713260' }],
    ]);
    expect(parts.get('a')).toBe(parts.get('b'));
    expect(parts.get('c')).not.toBe(parts.get('a'));
  });

  it('connects a hanzi and a pinyin name, in either order, at the same street address', () => {
    const parts = connect([
      ['a', 'wang', 'shop', { full_name: '王芳', street: '中山路613号', city: '上海' }],
      ['b', 'wang', 'crm', { full_name: 'FANG WANG', street: '中山路', street_number: '613号' }],
    ]);
    expect(parts.get('a')).toBe('wang');
    expect(parts.get('b')).toBe('wang');
  });

  it('does not connect one name at two house numbers of a street, nor an honorific with the full name', () => {
    const parts = connect([
      ['a', 'wang', 'shop', { full_name: '王芳', street: '中山路613号' }],
      ['b', 'wang', 'crm', { full_name: '王芳', street: '中山路', street_number: '220' }],
      ['c', 'wang', 'pos', { full_name: '王女士', street: '中山路613号' }],
    ]);
    expect(new Set(parts.values()).size).toBe(3);
  });

  it('reads a short name as the formal one: Bob Smith and Robert Smith born the same day meet', () => {
    const parts = connect([
      ['a', 'bob', 'pos', { full_name: 'Bob Smith', date_of_birth: '1980-04-02' }],
      ['b', 'bob', 'crm', { full_name: 'Robert Smith', date_of_birth: '1980-04-02' }],
      ['c', 'bob', 'shop', { first_name: 'Robert', last_name: 'Smith', postcode: 'M14 8OL' }],
      ['d', 'bob', 'crm', { full_name: 'SMITH ROBERT', postcode: 'm148ol' }],
    ]);
    expect(parts.get('a')).toBe(parts.get('b'));
    expect(parts.get('c')).toBe(parts.get('d'));
    expect(parts.get('a')).not.toBe(parts.get('c'));
  });

  it('never joins two people, even when they share a household phone and e-mail', () => {
    const parts = connect([
      ['a', 'husband', 'pos', { full_name: '余鸿涛', phone: '18866781439', email: 'yu@163.com' }],
      ['b', 'wife', 'pos', { full_name: '林一诺', phone: '18866781439', email: 'yu@163.com' }],
    ]);
    expect(parts).toEqual(new Map([['a', 'husband'], ['b', 'wife']]));
  });

  it('refuses a record the truth does not know', () => {
    expect(() => connectableTruth([{ id: 'x', source: 'pos', fields: {} }], new Map(), 'CN')).toThrow(/x has no truth label/);
  });
});
