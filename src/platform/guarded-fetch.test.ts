import { describe, expect, it } from 'vitest';
import { RefusedAddressError } from './address-guard';
import { guardedFetch } from './guarded-fetch';

/** The connector side of the issue 20 probe: loopback and link-local hosts were reached, over plain http too. */
describe('guarded fetch', () => {
  const send = guardedFetch('TEST_REFUSED');
  const refusal = (url: string) => send(url).then(
    () => undefined,
    (error: unknown) => error,
  );

  it('refuses plain http before connecting', async () => {
    const error = await refusal('http://example.com/');
    expect(error).toBeInstanceOf(RefusedAddressError);
    expect(error).toMatchObject({ code: 'TEST_REFUSED', message: 'refused address: http is not https' });
  });

  it('refuses private IP literals, IPv4 hidden in IPv6 included', async () => {
    expect(await refusal('https://127.0.0.1:8443/')).toMatchObject({ message: expect.stringMatching(/127\.0\.0\.1 is a loopback address/) });
    expect(await refusal('https://169.254.169.254/latest/meta-data')).toMatchObject({ message: expect.stringMatching(/linkLocal/) });
    expect(await refusal('https://[::127.0.0.1]:8443/')).toMatchObject({ message: expect.stringMatching(/IPv4-compatible IPv6 address/) });
    expect(await refusal('https://[::ffff:10.0.0.1]:8443/')).toMatchObject({ message: expect.stringMatching(/10\.0\.0\.1 is a private address/) });
  });

  it('judges a host name by the addresses it resolves to when it connects (what DNS rebinding would change)', async () => {
    const error = await refusal('https://localhost:8443/');
    expect(error).toBeInstanceOf(RefusedAddressError);
    expect((error as Error).message).toMatch(/loopback/);
  });
});
