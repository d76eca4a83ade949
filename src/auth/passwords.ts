import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

// N=2^15, r=8 uses 32 MiB per hash: memory-hard, and about 50-100 ms on one core.
const PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

/** Hashes a password with scrypt: `scrypt$N$r$p$salt$hash`, all parameters kept so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
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

let dummyHash: Promise<string> | undefined;

/**
 * A hash to verify against when the user does not exist, so that timing does not reveal usernames. Made on the
 * first unknown-user login, not at start-up (every process that imports this module would pay for it).
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
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
