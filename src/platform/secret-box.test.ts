import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('gives back what it sealed, and never the same ciphertext twice', () => {
    const sealed = box.seal('shpat_0123456789');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('shpat_0123456789');
    expect(box.open(sealed)).toBe('shpat_0123456789');
    expect(box.seal('shpat_0123456789')).not.toBe(sealed);
  });

  it('refuses a tampered value and a value sealed under another key, saying why', () => {
    const sealed = box.seal('secret');
    const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => box.open(tampered)).toThrow(/HUB_SECRET_KEY/);
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow(/HUB_SECRET_KEY/);
    expect(() => box.open('plain')).toThrow(/known format/);
  });
});
