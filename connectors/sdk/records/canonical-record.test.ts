import { describe, expect, it } from 'vitest';
import { CANONICAL_FIELDS, parseCanonicalRecord, TRAIT_FIELDS } from './canonical-record';
import { extractIdentifiers } from './identifiers';

describe('canonical record', () => {
  it('accepts numeric ids and trims text', () => {
    const result = parseCanonicalRecord({ external_id: 42, first_name: '  Li ' });
    expect(result).toEqual({ ok: true, record: { externalId: '42', fields: { first_name: 'Li' }, traits: {}, events: [], updatedAt: undefined } });
  });

  it('takes a nickname as a text field like the others, and never as an identifier', () => {
    const result = parseCanonicalRecord({ external_id: 'wm1', nickname: ' 阳光🌞 ', full_name: '王芳' });
    expect(result).toEqual({ ok: true, record: { externalId: 'wm1', fields: { nickname: '阳光🌞', full_name: '王芳' }, traits: {}, events: [], updatedAt: undefined } });
    expect(parseCanonicalRecord({ external_id: 'wm2', nickname: 'x'.repeat(1001) })).toEqual({ ok: false, reason: 'nickname: must be at most 1000 characters' });
    expect(parseCanonicalRecord({ external_id: 'wm3', nickname: '' })).toMatchObject({ ok: true, record: { fields: {} } });
    if (!result.ok) throw new Error(result.reason);
    expect(extractIdentifiers('wecom', result.record, { defaultRegion: 'CN' })).toEqual({ ok: true, identifiers: [{ type: 'external_id', value: 'wecom:wm1', raw: 'wm1' }] });
  });

  it('appends nickname, so the fields before it keep the order hub resolve files follow, and makes it a trait', () => {
    expect(CANONICAL_FIELDS.indexOf('nickname')).toBe(CANONICAL_FIELDS.length - 1);
    expect(TRAIT_FIELDS).toContain('nickname');
  });

  it('names the unknown field', () => {
    const result = parseCanonicalRecord({ external_id: '1', emial: 'x@y.com' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/unknown field\(s\) 'emial'/);
  });

  it('rejects a record without external_id and a bad event date', () => {
    expect(parseCanonicalRecord({ email: 'a@b.co' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^external_id/) });
    expect(parseCanonicalRecord({ external_id: '1', events: [{ type: 'order', occurred_at: 'soon' }] })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^events\.0\.occurred_at: 'soon' is not a date/),
    });
  });
});

describe('identifier extraction', () => {
  const parse = (raw: Record<string, unknown>) => {
    const result = parseCanonicalRecord(raw);
    if (!result.ok) throw new Error(result.reason);
    return result.record;
  };

  it('normalizes e-mail and phone, and namespaces the external id by source', () => {
    const result = extractIdentifiers('shop', parse({ external_id: '7', email: ' Wang.Fang@Example.COM ', phone: '138 0013 8000' }), { defaultRegion: 'CN' });
    expect(result).toEqual({
      ok: true,
      identifiers: [
        { type: 'external_id', value: 'shop:7', raw: '7' },
        { type: 'email', value: 'wang.fang@example.com', raw: 'Wang.Fang@Example.COM' },
        { type: 'phone', value: '+8613800138000', raw: '138 0013 8000' },
      ],
    });
  });

  it('keeps a record with a masked phone or e-mail, whose masks are evidence but no identifiers', () => {
    const result = extractIdentifiers('pos', parse({ external_id: '7', phone: '138****8000', email: 'w***@qq.com', wechat_unionid: 'o6_bmasdasdsad6_2sgVt7hMZOPfL' }), { defaultRegion: 'CN' });
    expect(result).toEqual({
      ok: true,
      identifiers: [
        { type: 'external_id', value: 'pos:7', raw: '7' },
        { type: 'wechat_unionid', value: 'o6_bmasdasdsad6_2sgVt7hMZOPfL', raw: 'o6_bmasdasdsad6_2sgVt7hMZOPfL' },
      ],
    });
  });

  it('keeps a phone of a possible length outside the known ranges as an identifier, and a filler number as evidence only', () => {
    // +1 247: a North American area code that is not assigned.
    const unassigned = extractIdentifiers('crm', parse({ external_id: '8', phone: '+1 247 733 6314' }), { defaultRegion: 'CN' });
    expect(unassigned).toEqual({ ok: true, identifiers: [{ type: 'external_id', value: 'crm:8', raw: '8' }, { type: 'phone', value: '+12477336314', raw: '+1 247 733 6314' }] });
    const filler = extractIdentifiers('crm', parse({ external_id: '9', phone: '11111111111' }), { defaultRegion: 'CN' });
    expect(filler).toEqual({ ok: true, identifiers: [{ type: 'external_id', value: 'crm:9', raw: '9' }] });
  });

  it("reads a phone without a country code in the record's country, then the source's region, then the hub's", () => {
    const phoneOf = (fields: Record<string, string>, sourceRegion?: 'US' | 'GB') =>
      extractIdentifiers('crm', parse({ external_id: '1', ...fields }), { defaultRegion: 'CN', sourceRegion });
    expect(phoneOf({ phone: '617.671.3260', country: 'US' })).toMatchObject({ identifiers: [{}, { value: '+16176713260' }] });
    expect(phoneOf({ phone: '6176713260', country: 'United States' })).toMatchObject({ identifiers: [{}, { value: '+16176713260' }] });
    expect(phoneOf({ phone: '617.671.3260' }, 'US')).toMatchObject({ identifiers: [{}, { value: '+16176713260' }] });
    // The record's own country wins over its source's region.
    expect(phoneOf({ phone: '138 1234 8000', country: '中国' }, 'US')).toMatchObject({ identifiers: [{}, { value: '+8613812348000' }] });
    // A country that names no region (a typo, a city) leaves the source's region, then the hub's.
    expect(phoneOf({ phone: '020 7946 0018', country: 'Londn' }, 'GB')).toMatchObject({ identifiers: [{}, { value: '+442079460018' }] });
    expect(phoneOf({ phone: '138 1234 8000', country: 'Shanghai' })).toMatchObject({ identifiers: [{}, { value: '+8613812348000' }] });
  });

  it('gives every spelling of one number one E.164', () => {
    const spellings = ['+86 138 1234 8000', '0086 138 1234 8000', '86-138-1234-8000', '(86)13812348000', '8613812348000', '138-1234-8000'];
    for (const phone of spellings) {
      expect(extractIdentifiers('pos', parse({ external_id: '1', phone }), { defaultRegion: 'CN' })).toMatchObject({ identifiers: [{}, { value: '+8613812348000' }] });
    }
    // 00 is the international prefix of most of the world, even in a record read as American.
    expect(extractIdentifiers('crm', parse({ external_id: '1', phone: '0086 138 1234 8000' }), { defaultRegion: 'US' })).toMatchObject({ identifiers: [{}, { value: '+8613812348000' }] });
  });

  it("reads e-mail addresses by their providers' rules, as identity resolution does", () => {
    const result = extractIdentifiers('shop', parse({ external_id: '9', email: 'J.Doe+shop@GoogleMail.com' }), { defaultRegion: 'CN' });
    expect(result).toMatchObject({ ok: true, identifiers: [{ type: 'external_id' }, { type: 'email', value: 'jdoe@gmail.com', raw: 'J.Doe+shop@GoogleMail.com' }] });
    const ownRules = extractIdentifiers('shop', parse({ external_id: '9', email: 'Jane.Doe-crm@corp.example' }), {
      defaultRegion: 'CN',
      emailProviders: [{ domains: ['corp.example'], ignoreDots: true, tagSeparator: '-' }],
    });
    expect(ownRules).toMatchObject({ ok: true, identifiers: [{ type: 'external_id' }, { type: 'email', value: 'janedoe@corp.example' }] });
  });

  it('takes a national id as an identifier unless it is masked or one repeated digit', () => {
    const result = extractIdentifiers('crm', parse({ external_id: '3', national_id: '11010519491231002x' }), { defaultRegion: 'CN' });
    expect(result).toMatchObject({ ok: true, identifiers: [{ type: 'external_id' }, { type: 'national_id', value: '11010519491231002X', raw: '11010519491231002x' }] });
    for (const evidenceOnly of ['110105********002X', '000000000000000000']) {
      expect(extractIdentifiers('crm', parse({ external_id: '3', national_id: evidenceOnly }), { defaultRegion: 'CN' })).toEqual({ ok: true, identifiers: [{ type: 'external_id', value: 'crm:3', raw: '3' }] });
    }
  });

  it('rejects an invalid phone without echoing the whole number', () => {
    const result = extractIdentifiers('pos', parse({ external_id: '1', phone: '98765432109876543' }), { defaultRegion: 'CN' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('not a valid phone number (default region CN)');
    expect(!result.ok && result.reason).not.toContain('98765432109876543');
  });
});
