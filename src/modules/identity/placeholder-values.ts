import type { NormalizedEmail, NormalizedPhone } from '../../../connectors/sdk/records';

/**
 * Values that forms and clerks type when the customer gave none. Linking on them would merge strangers,
 * so they are neither identifiers nor evidence.
 */
export interface PlaceholderValues {
  /** E.164 numbers or bare digits. */
  phones: string[];
  emailDomains: string[];
  emailMailboxes: string[];
}

export const DEFAULT_PLACEHOLDERS: PlaceholderValues = {
  // 13800138000 is China Mobile's service number, the classic "any phone" of Chinese forms.
  phones: ['+8613800138000', '+8613888888888', '+8618888888888', '+12025550123'],
  emailDomains: ['example.com', 'example.org', 'example.net', 'test.com', 'localhost', 'invalid', 'noemail.com', 'none.com'],
  emailMailboxes: ['test', 'noreply', 'no-reply', 'donotreply', 'do-not-reply', 'none', 'null', 'na', 'n/a', 'unknown', 'nobody', 'noemail', 'xxx', 'asdf'],
};

const ASCENDING = '01234567890';
const DESCENDING = '09876543210';

export function isPlaceholderPhone(phone: NormalizedPhone, placeholders: PlaceholderValues): boolean {
  if (phone.masked) return false;
  if (placeholders.phones.some((listed) => listed === phone.e164 || listed === phone.digits)) return true;
  const digits = phone.digits;
  const tail = digits.slice(-7);
  // 0000000, 13811111111, 1234567…: one repeated digit in the subscriber part, or a plain run.
  return /^(\d)\1+$/.test(tail) || ASCENDING.includes(digits) || DESCENDING.includes(digits);
}

export function isPlaceholderEmail(email: NormalizedEmail, placeholders: PlaceholderValues): boolean {
  return (
    placeholders.emailDomains.includes(email.domain) ||
    placeholders.emailMailboxes.includes(email.mailbox) ||
    /^(.)\1{2,}$/.test(email.mailbox)
  );
}
