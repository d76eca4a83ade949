/**
 * A shared-secret signature of every call, for adapter links without mutual TLS. The client signs the RPC path,
 * a timestamp, a nonce and the request bytes (the call context and every argument) with HMAC-SHA256 and sends
 * `obp-signature: t=<ms>,n=<nonce>,v1=<base64url>` as metadata. The adapter refuses a call whose signature is
 * missing or wrong, whose timestamp is outside its window, or whose nonce it has already seen in that window.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_KEY = 'obp-signature';
/** Shorter secrets are refused by the configuration: an HMAC key should carry at least 256 bits. */
export const MIN_SECRET_LENGTH = 32;

function mac(secret: string, path: string, timestamp: number, nonce: string, body: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`v1\n${path}\n${timestamp}\n${nonce}\n`).update(body).digest();
}

export class CallSigner {
  // A random prefix per process and a counter: unique across instances without a random draw per call.
  private readonly prefix = randomBytes(9).toString('base64url');
  private counter = 0;

  constructor(private readonly secret: string) {}

  sign(path: string, body: Uint8Array, now = Date.now()): string {
    const nonce = this.prefix + (this.counter++).toString(36);
    return `t=${now},n=${nonce},v1=${mac(this.secret, path, now, nonce, body).toString('base64url')}`;
  }
}

const SIGNATURE = /^t=(\d{1,15}),n=([A-Za-z0-9_-]{1,64}),v1=([A-Za-z0-9_-]{43})$/;

export interface VerifierOptions {
  /** The current secret, and during a rotation the previous one. */
  secrets: string[];
  /** How far a call's timestamp may be from the adapter's clock, either way. */
  maxSkewMs: number;
  /** Nonces remembered at most (calls within one window); beyond it calls are refused rather than unchecked. */
  maxRemembered?: number;
  now?: () => number;
}

export class SignatureVerifier {
  /** nonce → when it can be forgotten (its timestamp has left the window). In insertion order, roughly by time. */
  private readonly seen = new Map<string, number>();
  private readonly maxRemembered: number;
  private readonly now: () => number;

  constructor(private readonly options: VerifierOptions) {
    this.maxRemembered = options.maxRemembered ?? 1_000_000;
    this.now = options.now ?? Date.now;
  }

  /** undefined when the call is authentic and new; otherwise why it is refused (for the adapter's log). */
  verify(path: string, header: unknown, body: Uint8Array): string | undefined {
    if (typeof header !== 'string') return 'no signature';
    const parts = SIGNATURE.exec(header);
    if (!parts) return 'malformed signature';
    const timestamp = Number(parts[1]);
    const nonce = parts[2]!;
    const given = Buffer.from(parts[3]!, 'base64url');
    const now = this.now();
    if (Math.abs(now - timestamp) > this.options.maxSkewMs) return 'timestamp outside the window';
    if (!this.options.secrets.some((secret) => timingSafeEqual(mac(secret, path, timestamp, nonce, body), given))) {
      return 'wrong signature';
    }
    this.forgetExpired(now);
    if (this.seen.has(nonce)) return 'replayed call';
    if (this.seen.size >= this.maxRemembered) return 'too many calls in the replay window';
    this.seen.set(nonce, timestamp + this.options.maxSkewMs);
    return undefined;
  }

  private forgetExpired(now: number): void {
    for (const [nonce, expiry] of this.seen) {
      if (expiry >= now) break;
      this.seen.delete(nonce);
    }
  }
}
