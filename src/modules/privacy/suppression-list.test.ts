import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../platform/database/database';
import { SuppressionList } from './suppression-list';

const unused = {} as Database;
const email = { type: 'email', value: 'erased@example.com' };

describe('suppression list hashes', () => {
  it('recognizes the same identifier again under the same key, and holds nothing readable', () => {
    const list = new SuppressionList(unused, Buffer.alloc(32, 7));
    expect(list.hash(email)).toBe(list.hash({ ...email }));
    expect(list.hash(email)).toMatch(/^[0-9a-f]{64}$/);
    expect(list.hash(email)).not.toContain('erased');
  });

  it('cannot be matched without the key: another hub, or a guess hashed plainly, gets another value', () => {
    const mine = new SuppressionList(unused, Buffer.alloc(32, 7)).hash(email);
    expect(new SuppressionList(unused, Buffer.alloc(32, 8)).hash(email)).not.toBe(mine);
    expect(mine).not.toBe(createHash('sha256').update(`email\u0000${email.value}`).digest('hex'));
  });

  it('keeps types apart: the same text as an e-mail and as an external id are two identifiers', () => {
    const list = new SuppressionList(unused, Buffer.alloc(32, 7));
    expect(list.hash({ type: 'external_id', value: email.value })).not.toBe(list.hash(email));
  });
});
