import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const SECRET_PREFIX = 'whsec_';
// Standard Webhooks asks for 24 to 64 bytes of key.
const SECRET_BYTES = 32;

/** A new signing secret in the Standard Webhooks form, `whsec_` + base64 of random bytes. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

// Building a Webhook decodes its key; a dispatcher signs with the same few secrets all day.
const signers = new Map<string, Webhook>();
const MAX_CACHED_SIGNERS = 1000;

function signerFor(secret: string): Webhook {
  let signer = signers.get(secret);
  if (!signer) {
    if (signers.size >= MAX_CACHED_SIGNERS) signers.clear();
    signer = new Webhook(secret);
    signers.set(secret, signer);
  }
  return signer;
}

/**
 * The Standard Webhooks headers for one attempt: `v1,<base64 HMAC-SHA256 of id.timestamp.body>` per secret,
 * space-separated, so during a rotation's overlap a receiver holding either secret verifies the request.
 * The signing itself is the standardwebhooks library's, the reference implementation of the specification.
 */
export function signWebhook(messageId: string, body: string, secrets: readonly string[], at: Date = new Date()): SignedHeaders {
  // The timestamp header is whole seconds; sign the same instant the header states.
  const timestamp = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp.getTime() / 1000),
    'webhook-signature': secrets.map((secret) => signerFor(secret).sign(messageId, timestamp, body)).join(' '),
  };
}
