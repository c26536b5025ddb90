import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HubError } from '../errors/hub-error';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Connector secrets at rest: AES-256-GCM under HUB_SECRET_KEY, a fresh IV per value. The stored form
 * `v1:<base64 iv|tag|ciphertext>` names its scheme so the key or the cipher can be rotated later.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  open(sealed: string): string {
    const [version, payload] = sealed.split(':', 2);
    if (version !== VERSION || !payload) throw new HubError('CONFIGURATION', 'A stored secret is not in a known format.');
    const bytes = Buffer.from(payload, 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new HubError('CONFIGURATION', 'A stored secret cannot be decrypted: HUB_SECRET_KEY is not the key it was stored with.');
    }
  }
}
