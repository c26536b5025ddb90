import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createTestDatabase } from '../support/database';
import { identityRules, testServices } from '../support/services';
import { startTestHub, type TestHub } from '../support/hub';

const BASE = { HUB_SECRET_KEY: 'ab'.repeat(32) };

function configError(env: Record<string, string>): { code: string; message: string; details?: Record<string, unknown> } {
  try {
    loadConfig({ ...BASE, ...env });
  } catch (error) {
    return error as { code: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error('configuration was accepted');
}

describe('identity configuration', () => {
  it('rejects bad identity rules with the variable and the setting in the message', () => {
    expect(configError({ HUB_IDENTITY_RULES: '{"thresholds": {"link": 0.5, "review": 0.9}}' })).toMatchObject({
      code: 'CONFIGURATION',
      message: 'Invalid HUB_IDENTITY_RULES: thresholds.review: review must not be above link',
      details: { variable: 'HUB_IDENTITY_RULES' },
    });
    expect(configError({ HUB_IDENTITY_RULES: '{"identityRules": {"phone": {"linkOn": "always"}}}' }).message).toMatch(/^Invalid HUB_IDENTITY_RULES: identityRules\.phone\.linkOn: /);
    expect(configError({ HUB_IDENTITY_RULES: '{"treshold": 1}' }).message).toMatch(/Unrecognized key: "treshold"; known keys are thresholds, identityRules/);
    expect(configError({ HUB_IDENTITY_RULES: '{"startModel": {"prior": 0.1, "fields": {}}}' }).message).toMatch(/startModel\.fields\.given_name: is missing/);
    expect(configError({ HUB_IDENTITY_RULES: '{not json' }).message).toMatch(/^Invalid HUB_IDENTITY_RULES: the value is not valid JSON/);
    expect(configError({ HUB_IDENTITY_RULES: '{"emailProviders": [{"domains": ["corp.cn"], "tagSeparator": "++"}]}' }).message).toMatch(
      /^Invalid HUB_IDENTITY_RULES: emailProviders\.0\.tagSeparator: must be one character/,
    );
    expect(configError({ HUB_IDENTITY_RULES: '{"placeholders": {"phones": ["call me"]}}' }).message).toMatch(/^Invalid HUB_IDENTITY_RULES: placeholders\.phones\.0: must be digits/);
  });

  it("applies a team's mail provider rules and placeholder values in ingestion", async () => {
    const testDb = await createTestDatabase('identity_settings');
    try {
      const settings = {
        emailProviders: [{ domains: ['corp.cn'], ignoreDots: true, tagSeparator: '-' }],
        placeholders: { phones: ['13912345678'], emailMailboxes: ['kefu'] },
      };
      const { ingestion } = testServices(testDb.database, identityRules(settings));
      const [first] = (await ingestion.ingest('crm', [{ external_id: 'c1', email: 'li.na-crm@corp.cn' }])).profileIds;
      expect((await ingestion.ingest('shop', [{ external_id: 's1', email: 'lina@corp.cn' }])).profileIds).toEqual([first]);
      // The front desk's number and the shared service mailbox link nobody.
      const desk = await ingestion.ingest('pos', [
        { external_id: 'p1', phone: '13912345678', email: 'kefu@corp.cn' },
        { external_id: 'p2', phone: '13912345678', email: 'kefu@corp.cn' },
      ]);
      expect(new Set(desk.profileIds).size).toBe(2);
    } finally {
      await testDb.drop();
    }
  });

  it('rejects unknown survivorship rules and a source_priority without sources', () => {
    expect(configError({ HUB_SURVIVORSHIP: '{"traits": {"email": "oldest"}}' })).toMatchObject({
      code: 'CONFIGURATION',
      message: "Invalid HUB_SURVIVORSHIP: traits.email: 'oldest' is not a survivorship rule; use one of most_recent, most_frequent, longest, source_priority",
    });
    expect(configError({ HUB_SURVIVORSHIP: '{"default": {"rule": "source_priority"}}' }).message).toMatch(/default: source_priority needs "sources"/);
    expect(configError({ HUB_SURVIVORSHIP: path.join(tmpdir(), 'no-such-rules.json') }).message).toMatch(/^Invalid HUB_SURVIVORSHIP: .*cannot read .*no-such-rules\.json.*ENOENT/);
  });

  it('reads either setting from a JSON file', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rules-')), 'survivorship.json');
    writeFileSync(file, JSON.stringify({ default: 'longest', traits: { tier: 'most_frequent' } }));
    expect(loadConfig({ ...BASE, HUB_SURVIVORSHIP: file }).survivorship).toEqual({ default: { rule: 'longest' }, traits: { tier: { rule: 'most_frequent' } } });
  });
});

describe('survivorship with lineage', () => {
  let hub: TestHub;

  beforeAll(async () => {
    const rules = { default: 'most_recent', traits: { first_name: { rule: 'source_priority', sources: ['crm', 'shop'] }, tier: 'most_frequent' } };
    hub = await startTestHub('survivorship', { HUB_SURVIVORSHIP: JSON.stringify(rules) });
    await hub.services.ingestion.ingest('crm', [{ external_id: 'c1', first_name: 'Xiaohong', email: 'xh@mail.cn', traits: { tier: 'gold' }, updated_at: '2026-01-01T00:00:00Z' }]);
    await hub.services.ingestion.ingest('shop', [{ external_id: 's1', first_name: 'Hong', email: 'xh@mail.cn', traits: { tier: 'silver' }, updated_at: '2026-03-01T00:00:00Z' }]);
    await hub.services.ingestion.ingest('pos', [{ external_id: 'p1', email: 'xh@mail.cn', traits: { tier: 'gold' }, updated_at: '2026-02-01T00:00:00Z' }]);
  });
  afterAll(async () => hub?.stop());

  it('keeps the value the configured rule picks, with its source, rule, time and the other candidates', async () => {
    const [{ profile_id: id }] = await hub.testDb.database.query<{ profile_id: string }>("select profile_id from source_records where external_id = 'c1'");
    const { body } = await hub.graphql('query($id: ID!) { profile(id: $id) { sources traits { key value source rule observedAt candidates { value source observedAt } } } }', { id });
    const traits = Object.fromEntries(body.data.profile.traits.map((trait: any) => [trait.key, trait]));
    expect(body.data.profile.sources).toEqual(['crm', 'pos', 'shop']);
    expect(traits.first_name).toEqual({
      key: 'first_name',
      value: 'Xiaohong',
      source: 'crm',
      rule: 'source_priority',
      observedAt: '2026-01-01T00:00:00.000Z',
      candidates: [{ value: 'Hong', source: 'shop', observedAt: '2026-03-01T00:00:00.000Z' }],
    });
    expect(traits.tier).toMatchObject({ value: 'gold', source: 'pos', rule: 'most_frequent' });
    expect(traits.tier.candidates.map((candidate: any) => `${candidate.source}:${candidate.value}`)).toEqual(['shop:silver', 'crm:gold']);
    expect(traits.email).toMatchObject({ source: 'shop', rule: 'most_recent' });
  });
});
