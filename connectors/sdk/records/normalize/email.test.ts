import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email';

describe('normalizeEmail', () => {
  it('reads gmail dots and plus tags as the same mailbox, and googlemail as gmail', () => {
    expect(normalizeEmail('J.Doe+shop@GoogleMail.com')?.address).toBe('jdoe@gmail.com');
    expect(normalizeEmail('jdoe@gmail.com')?.address).toBe('jdoe@gmail.com');
  });

  it('keeps dots where the provider delivers them to different mailboxes', () => {
    expect(normalizeEmail('j.doe+news@outlook.com')?.address).toBe('j.doe@outlook.com');
    expect(normalizeEmail('j.doe+news@acme.com')?.address).toBe('j.doe+news@acme.com');
  });

  it('follows configured provider rules instead of the defaults', () => {
    const rules = [{ domains: ['corp.example'], ignoreDots: true, tagSeparator: '-' }];
    expect(normalizeEmail('Jane.Doe-crm@corp.example', rules)?.address).toBe('janedoe@corp.example');
    expect(normalizeEmail('j.doe+x@gmail.com', rules)?.address).toBe('j.doe+x@gmail.com');
  });

  it('marks a masked mailbox and leaves it as written', () => {
    expect(normalizeEmail('j***@qq.com')).toEqual({ address: 'j***@qq.com', mailbox: 'j***', domain: 'qq.com', masked: true });
  });

  it('refuses what cannot be an address', () => {
    expect(normalizeEmail('not an email')).toBeUndefined();
    expect(normalizeEmail('+tag@gmail.com')).toBeUndefined();
  });
});
