import { isMasked } from './masked-values';

/**
 * How one mail provider reads a mailbox name. Only the provider knows whether `j.doe+shop@` reaches
 * `jdoe@`, so these are configuration, not rules of e-mail.
 */
export interface EmailProviderRule {
  domains: string[];
  /** Domain every alias is rewritten to (googlemail.com → gmail.com). */
  canonicalDomain?: string;
  /** The provider delivers `j.doe` and `jdoe` to the same mailbox. */
  ignoreDots?: boolean;
  /** Everything from this character on is a tag (`jdoe+shop` → `jdoe`). */
  tagSeparator?: string;
}

export const DEFAULT_EMAIL_PROVIDERS: readonly EmailProviderRule[] = [
  { domains: ['gmail.com', 'googlemail.com'], canonicalDomain: 'gmail.com', ignoreDots: true, tagSeparator: '+' },
  { domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com'], tagSeparator: '+' },
  { domains: ['icloud.com', 'me.com', 'mac.com'], canonicalDomain: 'icloud.com', tagSeparator: '+' },
  { domains: ['fastmail.com', 'protonmail.com', 'proton.me'], tagSeparator: '+' },
];

export interface NormalizedEmail {
  /** The mailbox as the provider delivers it: the value that is compared and indexed. */
  address: string;
  mailbox: string;
  domain: string;
  /** Part of the mailbox is hidden: evidence only. */
  masked: boolean;
}

// Deliberately loose, like the ingestion check: we refuse only what cannot be an address.
const EMAIL_SHAPE = /^([^\s@]+)@([^\s@]+\.[^\s@]+)$/;

export function normalizeEmail(raw: string, providers: readonly EmailProviderRule[] = DEFAULT_EMAIL_PROVIDERS): NormalizedEmail | undefined {
  const match = EMAIL_SHAPE.exec(raw.trim().toLowerCase());
  if (!match) return undefined;
  let [, mailbox, domain] = match;
  const masked = isMasked(mailbox);
  const rule = providers.find((provider) => provider.domains.includes(domain));
  if (rule && !masked) {
    if (rule.tagSeparator && mailbox.includes(rule.tagSeparator)) mailbox = mailbox.slice(0, mailbox.indexOf(rule.tagSeparator));
    if (rule.ignoreDots) mailbox = mailbox.replaceAll('.', '');
    domain = rule.canonicalDomain ?? domain;
  }
  if (mailbox === '') return undefined;
  return { address: `${mailbox}@${domain}`, mailbox, domain, masked };
}
