/** The attack of issue 20: 200 aliases of 500 profiles with 500 events each, as one request body. */
const ATTACK_ALIAS = 'profiles(first: 500) { edges { node { id identities { type value } traits { key value } events(first: 500) { edges { node { id type occurredAt } } } } } }';
export const ALIAS_ATTACK_BODY = JSON.stringify({ query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: ${ATTACK_ALIAS}`).join(' ')} }` });
