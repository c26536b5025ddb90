/**
 * 53-bit hash of a blocking key (cyrb53): what record_blocking_keys stores and what the per-key advisory
 * locks are taken on. It fits a JavaScript number and a PostgreSQL bigint exactly; a collision between two
 * keys only adds a candidate that is then scored (or a lock that is then waited for), never a link.
 */
export function blockingKeyHash(key: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
