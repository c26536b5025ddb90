import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfilesByIdentityDocument } from '../../src/graphql/client/graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { typedClient } from '../support/typed-client';

/** Issue 22: profileByIdentity on a value several profiles share answered one of them at random. */
let hub: TestHub;
let shared: string[];
let alone: string;

beforeAll(async () => {
  hub = await startTestHub('profiles_by_identity');
  // One household phone, two people its records say are different (names, birth dates, genders): two profiles.
  const household = await hub.services.ingestion.ingest('crm', [
    { external_id: 'h1', first_name: 'Wei', last_name: 'Zhang', date_of_birth: '1961-03-02', gender: 'male', phone: '139 1752 8460', email: 'wei.zhang.household@163.com' },
    { external_id: 'h2', first_name: 'Xiaoli', last_name: 'Wang', date_of_birth: '1998-11-20', gender: 'female', phone: '139 1752 8460', email: 'xiaoli.wang.household@163.com' },
  ]);
  shared = [...new Set(household.profileIds)].sort();
  alone = (await hub.services.ingestion.ingest('crm', [{ external_id: 'a1', first_name: 'Ann', email: 'ann.alone@163.com' }])).profileIds[0]!;
});
afterAll(() => hub.stop());

describe('profileByIdentity and profilesByIdentity', () => {
  it('holds two profiles on the household phone (the setup this file relies on)', () => {
    expect(shared).toHaveLength(2);
  });

  it('answers the profile when exactly one holds the value', async () => {
    const { body } = await hub.graphql('{ profileByIdentity(type: "email", value: "Ann.Alone@163.com") { id } }', {}, hub.keys.read);
    expect(body).toEqual({ data: { profileByIdentity: { id: alone } } });
  });

  it('answers CONFLICT naming how many profiles hold a shared value, and where to see them', async () => {
    const { body } = await hub.graphql('{ profileByIdentity(type: "phone", value: "13917528460") { id } }', {}, hub.keys.read);
    expect(body.data).toEqual({ profileByIdentity: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'CONFLICT', holders: 2 }, path: ['profileByIdentity'] });
    expect(body.errors[0].message).toBe('2 profiles hold this phone; profilesByIdentity(type, value) returns them all.');
  });

  it('lists every profile holding a value, in id order, through the typed client', async () => {
    const result = await typedClient(hub.url, hub.keys.read)(ProfilesByIdentityDocument, { type: 'phone', value: '+86 139-1752-8460' });
    expect(result.profilesByIdentity.map((profile) => profile.id)).toEqual(shared);
    expect(result.profilesByIdentity.every((profile) => profile.identities.some((identity) => identity.type === 'phone' && identity.value === '+8613917528460'))).toBe(true);
    const one = await typedClient(hub.url, hub.keys.read)(ProfilesByIdentityDocument, { type: 'email', value: 'ann.alone@163.com' });
    expect(one.profilesByIdentity.map((profile) => profile.id)).toEqual([alone]);
  });

  it('answers null and an empty list when no profile holds the value', async () => {
    const { body } = await hub.graphql('{ profileByIdentity(type: "email", value: "nobody.here@163.com") { id } profilesByIdentity(type: "email", value: "nobody.here@163.com") { id } }', {}, hub.keys.read);
    expect(body).toEqual({ data: { profileByIdentity: null, profilesByIdentity: [] } });
  });

  it('refuses profilesByIdentity without profiles:read, and an identity type it does not know', async () => {
    const forbidden = await hub.graphql('{ profilesByIdentity(type: "phone", value: "13917528460") { id } }', {}, hub.keys.write);
    expect(forbidden.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const unknown = await hub.graphql('{ profilesByIdentity(type: "fax", value: "1") { id } }', {}, hub.keys.read);
    expect(unknown.body.errors[0]).toMatchObject({ message: expect.stringMatching(/Unknown identity type 'fax'/), extensions: { code: 'BAD_USER_INPUT' } });
  });
});
