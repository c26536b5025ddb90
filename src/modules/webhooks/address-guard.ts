import { isIP } from 'node:net';
import { HubError } from '../../errors/hub-error';
import { guardedLookup as platformGuardedLookup, hostOfUrl, RefusedAddressError as PlatformRefusedAddressError, refusedAddressReason, resolveAll as resolveHost } from '../../platform/address-guard';

export { refusedAddressReason };

/** Whether webhooks may reach private, loopback and link-local addresses (HUB_WEBHOOK_ALLOW_PRIVATE, for local development and tests). */
export interface AddressPolicy {
  allowPrivate: boolean;
}

const MAX_URL_LENGTH = 2048;

/** A delivery to an address the policy refuses; the message names the address class, never the URL. */
export class RefusedAddressError extends PlatformRefusedAddressError {
  constructor(message: string) {
    super(message, 'WEBHOOK_ADDRESS_REFUSED');
  }
}

/**
 * A dns.lookup for http.request that refuses hostnames resolving to an address the policy forbids, at
 * connection time (the platform's guard, see src/platform/address-guard.ts).
 */
export function guardedLookup(policy: AddressPolicy) {
  return platformGuardedLookup(policy.allowPrivate, (refused) => new RefusedAddressError(`webhook host resolves to a refused address (${refused})`));
}

/**
 * Checks a subscription URL before it is saved: http(s) only, no credentials in it, and (unless the
 * policy allows private targets) https, with a host that is and resolves to public addresses only.
 * Deliveries check the address again when they connect (guardedLookup).
 */
export async function validateWebhookUrl(raw: string, policy: AddressPolicy): Promise<string> {
  const bad = (why: string) => new HubError('BAD_USER_INPUT', `Webhook URL rejected: ${why}`);
  if (raw.length > MAX_URL_LENGTH) throw bad(`it is longer than ${MAX_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad('it is not an absolute URL such as https://example.com/hooks/hub.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad(`the scheme must be https (not ${url.protocol.replace(':', '')}).`);
  if (url.username || url.password) throw bad('it holds credentials; receivers authenticate requests by their signature instead.');
  if (url.hash) throw bad('it has a #fragment, which is never sent.');
  if (policy.allowPrivate) return url.toString();
  if (url.protocol !== 'https:') throw bad('the scheme must be https; plain http is allowed only with HUB_WEBHOOK_ALLOW_PRIVATE=true (local development).');
  const host = hostOfUrl(url);
  const addresses = isIP(host) ? [host] : await resolveAll(host);
  const refused = addresses.map(refusedAddressReason).find(Boolean);
  if (refused) throw bad(`its host ${isIP(host) ? 'is' : 'resolves to'} a private or reserved address (${refused}); set HUB_WEBHOOK_ALLOW_PRIVATE=true only for local development.`);
  return url.toString();

  async function resolveAll(hostname: string): Promise<string[]> {
    return resolveHost(hostname).catch((error: NodeJS.ErrnoException) => {
      throw bad(`its host ${hostname} does not resolve (${error.code ?? error.message}).`);
    });
  }
}
