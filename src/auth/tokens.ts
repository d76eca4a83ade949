import { createHmac, hash, randomBytes } from 'node:crypto';

// OBP's DirectLogin tokens are HS256 JWS over the payload {"":""}; clients treat them as opaque strings.
const HEADER_AND_PAYLOAD = `${b64url(JSON.stringify({ alg: 'HS256' }))}.${b64url(JSON.stringify({ '': '' }))}`;

function b64url(s: string | Buffer): string {
  return Buffer.from(s).toString('base64url');
}

/** A new bearer token: an OBP-shaped JWS signed with a fresh 256-bit random key, so it carries 256 bits of entropy. */
export function newToken(): string {
  const signature = createHmac('sha256', randomBytes(32)).update(HEADER_AND_PAYLOAD).digest();
  return `${HEADER_AND_PAYLOAD}.${b64url(signature)}`;
}

/**
 * Tokens and consumer secrets are stored only as SHA-256 digests. A fast hash is right here: they are long
 * random values, not guessable passwords, and the digest is used as the indexed lookup key.
 */
export function digest(secret: string): string {
  // The one-shot hash: every authenticated request digests its token, and a Hash object per call cost ~4x more.
  return hash('sha256', secret, 'hex');
}

/** A random lowercase alphanumeric string (OBP consumer keys and secrets are 40 such characters). */
export function randomAlphanumeric(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const b of bytes) {
    // Reject bytes past the largest multiple of the alphabet size, so every character is equally likely.
    if (b < 252) out += alphabet[b % 36];
    if (out.length === length) return out;
  }
  return out + randomAlphanumeric(length - out.length);
}
