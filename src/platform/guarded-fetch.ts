import { isIP } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { guardedLookup, RefusedAddressError, refusedAddressReason } from './address-guard';

/**
 * A fetch that reaches public https addresses only. Every connection it opens, redirects included, goes
 * through one check: the scheme must be https, an IP literal must be public, and a host name is resolved
 * once, every address of the answer is checked, and the connection goes to the address checked (the
 * lookup is the connection's own, so a DNS answer that changes between save and connect — rebinding — is
 * judged as connected). The refusal is a RefusedAddressError with the given code, never the URL.
 */
export function guardedFetch(code: string): typeof fetch {
  const refusal = (reason: string) => new RefusedAddressError(`refused address: ${reason}`, code);
  const connect = buildConnector({ lookup: guardedLookup(false, refusal) } as buildConnector.BuildOptions);
  const dispatcher = new Agent({
    connect: (options, callback) => {
      if (options.protocol !== 'https:') return callback(refusal(`${options.protocol.replace(':', '')} is not https`), null);
      const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
      const refused = isIP(host) ? refusedAddressReason(host) : undefined;
      if (refused) return callback(refusal(refused), null);
      return connect(options, callback);
    },
  });
  return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    try {
      return await undiciFetch(input as never, { ...(init as object), dispatcher } as never);
    } catch (error) {
      // fetch reports every connection failure as `TypeError: fetch failed`: hand the refusal itself up.
      const cause = (error as { cause?: unknown }).cause;
      throw cause instanceof RefusedAddressError ? cause : error;
    }
  }) as unknown as typeof fetch;
}
