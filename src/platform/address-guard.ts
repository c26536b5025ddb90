import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The ground floor of every outbound address check (webhook deliveries, connector requests): which IP
 * addresses may be reached, a DNS lookup that refuses the others at connection time, and resolving a host
 * to judge it before it is saved. Callers word their own errors; this file knows no module.
 */

/** An address the guard refused; `code` lets callers tell it apart from a plain network failure. */
export class RefusedAddressError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * Why an IP address may not be reached, or undefined when it may. Only global unicast passes:
 * ipaddr.js classifies loopback, private (RFC 1918), link-local (and with it cloud metadata at
 * 169.254.169.254), unique-local, carrier-grade NAT, multicast, reserved and unspecified ranges, NAT64
 * (64:ff9b::/96), 6to4 (2002::/16) and Teredo, and an IPv4 address mapped into IPv6 is judged as the IPv4
 * address it is. IPv4-compatible IPv6 (::/96, deprecated since 2006: `[::127.0.0.1]`, which the URL parser
 * writes `[::7f00:1]`) is refused whatever it holds: ipaddr.js calls such an address unicast.
 */
export function refusedAddressReason(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return `'${address}' is not an IP address`;
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range !== 'unicast') return `${parsed.toString()} is a ${range} address`;
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) {
    return `${parsed.toString()} is an IPv4-compatible IPv6 address (deprecated)`;
  }
  return undefined;
}

/** The host of a URL without IPv6 brackets. */
export function hostOfUrl(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Every address a host name resolves to (an IP literal is its own answer); rejects with the resolver's error code. */
export function resolveAll(host: string): Promise<string[]> {
  if (isIP(host)) return Promise.resolve([host]);
  return new Promise((resolve, reject) => dnsLookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found.map((entry) => entry.address)))));
}

/** The first refused address of a host, after resolving it; undefined when all of them are public. */
export async function refusedHostReason(host: string): Promise<string | undefined> {
  return (await resolveAll(host)).map(refusedAddressReason).find(Boolean);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A dns.lookup for net/tls connections that refuses hostnames resolving to an address the guard forbids,
 * at connection time: the addresses checked are the addresses connected to, so a DNS answer that changes
 * after the host was validated (rebinding) is caught too. Every address of the answer is checked, not only
 * the first. `refusal` words the error for the caller.
 */
export function guardedLookup(allowPrivate: boolean, refusal: (reason: string) => RefusedAddressError) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = allowPrivate ? undefined : addresses.map((entry) => refusedAddressReason(entry.address)).find(Boolean);
      if (refused) return callback(refusal(refused), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
