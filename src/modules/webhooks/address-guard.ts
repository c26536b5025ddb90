import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { HubError } from '../../errors/hub-error';

/** Whether webhooks may reach private, loopback and link-local addresses (HUB_WEBHOOK_ALLOW_PRIVATE, for local development and tests). */
export interface AddressPolicy {
  allowPrivate: boolean;
}

const MAX_URL_LENGTH = 2048;

/** A delivery to an address the policy refuses; the message names the address class, never the URL. */
export class RefusedAddressError extends Error {
  readonly code = 'WEBHOOK_ADDRESS_REFUSED';
}

/**
 * Why an IP address may not receive webhooks, or undefined when it may. Only global unicast passes:
 * ipaddr.js classifies loopback, private (RFC 1918), link-local (and with it cloud metadata at
 * 169.254.169.254), unique-local, carrier-grade NAT, multicast, reserved and unspecified ranges, and
 * an IPv4 address mapped into IPv6 is judged as the IPv4 address it is.
 */
export function refusedAddressReason(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return `'${address}' is not an IP address`;
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  return range === 'unicast' ? undefined : `${parsed.toString()} is a ${range} address`;
}

/**
 * A dns.lookup for http.request that refuses hostnames resolving to an address the policy forbids, at
 * connection time: the address checked is the address connected to, so a DNS answer that changes after
 * the subscription was validated (rebinding) is caught too.
 */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = policy.allowPrivate ? undefined : addresses.map((entry) => refusedAddressReason(entry.address)).find(Boolean);
      if (refused) return callback(new RefusedAddressError(`webhook host resolves to a refused address (${refused})`), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** The URL's host without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
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
  const host = hostOf(url);
  const addresses = isIP(host) ? [host] : await resolveAll(host);
  const refused = addresses.map(refusedAddressReason).find(Boolean);
  if (refused) throw bad(`its host ${isIP(host) ? 'is' : 'resolves to'} a private or reserved address (${refused}); set HUB_WEBHOOK_ALLOW_PRIVATE=true only for local development.`);
  return url.toString();

  async function resolveAll(hostname: string): Promise<string[]> {
    return new Promise((resolve, reject) =>
      dnsLookup(hostname, { all: true }, (error, found) => (error ? reject(bad(`its host ${hostname} does not resolve (${error.code ?? error.message}).`)) : resolve(found.map((entry) => entry.address)))),
    );
  }
}
