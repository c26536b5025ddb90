import { describe, expect, it } from 'vitest';
import { parseCanonicalRecord } from './canonical-record';
import { extractIdentifiers } from './identifiers';

describe('canonical record', () => {
  it('accepts numeric ids and trims text', () => {
    const result = parseCanonicalRecord({ external_id: 42, first_name: '  Li ' });
    expect(result).toEqual({ ok: true, record: { externalId: '42', fields: { first_name: 'Li' }, traits: {}, events: [], updatedAt: undefined } });
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

  it('keeps a phone of a possible length outside the known ranges as evidence, not as an identifier', () => {
    // +1 247: a North American area code that is not assigned.
    const result = extractIdentifiers('crm', parse({ external_id: '8', phone: '+1 247 733 6314' }), { defaultRegion: 'CN' });
    expect(result).toEqual({ ok: true, identifiers: [{ type: 'external_id', value: 'crm:8', raw: '8' }] });
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
