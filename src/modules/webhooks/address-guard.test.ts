import { describe, expect, it } from 'vitest';
import { refusedAddressReason, validateWebhookUrl } from './address-guard';

const strict = { allowPrivate: false };

describe('webhook address guard', () => {
  it('refuses loopback, private, link-local, unique-local, CGNAT, unspecified and multicast addresses, also IPv4 mapped into IPv6', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', 'fe80::1', 'fc00::1', '::', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(refusedAddressReason(address), address).toBeDefined();
    }
  });

  it('lets public unicast addresses through', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect(refusedAddressReason(address), address).toBeUndefined();
  });

  it('refuses URLs that are not https, hold credentials, or name a private host literally or through DNS', async () => {
    await expect(validateWebhookUrl('ftp://example.com/x', strict)).rejects.toThrow(/scheme must be https/);
    await expect(validateWebhookUrl('http://example.com/x', strict)).rejects.toThrow(/HUB_WEBHOOK_ALLOW_PRIVATE/);
    await expect(validateWebhookUrl('https://user:pw@example.com/x', strict)).rejects.toThrow(/credentials/);
    await expect(validateWebhookUrl('not a url', strict)).rejects.toThrow(/absolute URL/);
    await expect(validateWebhookUrl('https://127.0.0.1/x', strict)).rejects.toThrow(/is a private or reserved address \(127\.0\.0\.1 is a loopback address\)/);
    await expect(validateWebhookUrl('https://[::1]:8443/x', strict)).rejects.toThrow(/loopback/);
    // The WHATWG parser turns these spellings into 127.0.0.1 before the check sees them.
    await expect(validateWebhookUrl('https://2130706433/x', strict)).rejects.toThrow(/loopback/);
    await expect(validateWebhookUrl('https://0x7f.1/x', strict)).rejects.toThrow(/loopback/);
    // A name is judged by what it resolves to.
    await expect(validateWebhookUrl('https://localhost/x', strict)).rejects.toThrow(/resolves to a private or reserved address/);
  });

  it('refuses IPv4 hidden inside IPv6 literals: IPv4-compatible, mapped, unspecified, NAT64 and 6to4 with a private IPv4 inside', async () => {
    // The attack from the probe: `[::127.0.0.1]` is written `[::7f00:1]` by the URL parser, which ipaddr.js alone calls unicast.
    await expect(validateWebhookUrl('https://[::127.0.0.1]/x', strict)).rejects.toThrow(/IPv4-compatible IPv6 address/);
    await expect(validateWebhookUrl('https://[::10.0.0.1]/x', strict)).rejects.toThrow(/IPv4-compatible IPv6 address/);
    await expect(validateWebhookUrl('https://[::8.8.8.8]/x', strict)).rejects.toThrow(/IPv4-compatible IPv6 address/);
    await expect(validateWebhookUrl('https://[::ffff:127.0.0.1]/x', strict)).rejects.toThrow(/127\.0\.0\.1 is a loopback address/);
    await expect(validateWebhookUrl('https://[::ffff:192.168.0.1]/x', strict)).rejects.toThrow(/192\.168\.0\.1 is a private address/);
    await expect(validateWebhookUrl('https://[::]/x', strict)).rejects.toThrow(/unspecified/);
    await expect(validateWebhookUrl('https://[64:ff9b::10.0.0.1]/x', strict)).rejects.toThrow(/private or reserved address/);
    await expect(validateWebhookUrl('https://[64:ff9b::127.0.0.1]/x', strict)).rejects.toThrow(/private or reserved address/);
    // 6to4 of 192.168.1.1 and of 127.0.0.1.
    await expect(validateWebhookUrl('https://[2002:c0a8:101::1]/x', strict)).rejects.toThrow(/private or reserved address/);
    await expect(validateWebhookUrl('https://[2002:7f00:1::1]/x', strict)).rejects.toThrow(/private or reserved address/);
    for (const address of ['::7f00:1', '::a00:1', '::ffff:0:7f00:1', '64:ff9b::a00:1', '2002:a00:1::', '2001::1']) expect(refusedAddressReason(address), address).toBeDefined();
  });

  it('accepts local http URLs when private targets are allowed (local development)', async () => {
    await expect(validateWebhookUrl('http://127.0.0.1:9000/hooks', { allowPrivate: true })).resolves.toBe('http://127.0.0.1:9000/hooks');
  });
});
