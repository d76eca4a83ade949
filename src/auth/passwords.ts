import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ObpError } from '../errors';
import { passwordHashQueueDepth, passwordHashRefusals } from '../observability/metrics';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

// N=2^15, r=8 uses 32 MiB per hash: memory-hard, and about 50-100 ms on one core.
const PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

/** Hashes a password with scrypt: `scrypt$N$r$p$salt$hash`, all parameters kept so they can be raised later. */
async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(key, expected);
}

export interface PasswordHasherLimits {
  /** scrypt runs at once (each holds a libuv thread and 32 MiB). */
  concurrency: number;
  /** Jobs allowed to wait for a slot; one more is refused at once with 503 OBP-10040. */
  maxQueued: number;
}

/** What the hasher has done since start, for tests and metrics. */
export interface PasswordHasherStats {
  hashes: number;
  verifications: number;
  refused: number;
  /** The largest number of jobs waiting at one time. */
  peakQueued: number;
}

/**
 * All password hashing and checking goes through here: at most `concurrency` scrypt runs at a time and at most
 * `maxQueued` waiting, so a flood of logins or sign-ups costs bounded memory and CPU and the worst wait is known
 * (maxQueued / concurrency hash times); what does not fit is refused fast instead of piling up.
 */
export class PasswordHasher {
  readonly stats: PasswordHasherStats = { hashes: 0, verifications: 0, refused: 0, peakQueued: 0 };
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private dummyHash: Promise<string> | undefined;

  constructor(readonly limits: PasswordHasherLimits = { concurrency: 2, maxQueued: 32 }) {}

  /** Jobs running plus waiting. */
  get depth(): number {
    return this.running + this.waiting.length;
  }

  hash(password: string): Promise<string> {
    return this.run(() => {
      this.stats.hashes++;
      return hashPassword(password);
    });
  }

  verify(password: string, stored: string): Promise<boolean> {
    return this.run(() => {
      this.stats.verifications++;
      return verifyPassword(password, stored);
    });
  }

  /**
   * Checks a password against a throw-away hash, so that an unknown username costs the same time as a known one.
   * The hash is made on first need, not at start-up (every process that builds a hasher would pay for it).
   */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash(randomBytes(16).toString('hex')).catch((e) => {
      this.dummyHash = undefined;
      throw e;
    });
    await this.verify(password, await this.dummyHash);
    return false;
  }

  private async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrency) {
      if (this.waiting.length >= this.limits.maxQueued) {
        this.stats.refused++;
        passwordHashRefusals.inc();
        throw new ObpError('ServiceIsTooBusy', ' Too many password checks are waiting.', { headers: { 'Retry-After': '1' } });
      }
      const slot = new Promise<void>((resolve) => this.waiting.push(resolve));
      this.stats.peakQueued = Math.max(this.stats.peakQueued, this.waiting.length);
      passwordHashQueueDepth.set(this.depth);
      // The slot is handed over by the job that finishes: `running` already counts this one then.
      await slot;
    } else {
      this.running++;
      passwordHashQueueDepth.set(this.depth);
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
      passwordHashQueueDepth.set(this.depth);
    }
  }
}

const SPECIAL = `!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~`;

/** OBP's strong-password rule (OBP-30207). */
export function isStrongPassword(password: string): boolean {
  if (password.length >= 10 && password.length <= 16) {
    return (
      /\d/.test(password) &&
      /[a-z]/.test(password) &&
      /[A-Z]/.test(password) &&
      [...password].some((c) => SPECIAL.includes(c)) &&
      [...password].every((c) => /[A-Za-z0-9]/.test(c) || SPECIAL.includes(c))
    );
  }
  return password.length > 16 && password.length <= 512 && isBasicPassword(password);
}

/** Letters, digits, space and ASCII punctuation (OBP's basic password charset). */
export function isBasicPassword(password: string): boolean {
  return /^[A-Za-z0-9 !"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]*$/.test(password);
}
