import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual, type BinaryLike } from 'node:crypto';

/**
 * PINs and passwords: scrypt (N=2^cost, r=8, p=1, 32-byte key), a random 16-byte salt each.
 * Chosen over argon2id because it ships in Node's crypto (argon2 needs a native build that
 * this project's install policy would have to approve); parameters are stored with the hash, so
 * a hash made at one cost still verifies after the cost changes (TIJORI_SECRET_HASH_COST).
 */
const R = 8;
const P = 1;
const KEYLEN = 32;

function scryptAsync(secret: BinaryLike, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEYLEN, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export interface SecretHasher {
  hash(secret: string): Promise<string>;
  /** Whether `secret` matches `stored`; a missing account (NO_ACCOUNT_HASH) costs as much as a real hash. */
  verify(secret: string, stored: string): Promise<boolean>;
}

/** New hashes at N = 2^cost (config.secretHashCost: 14 unless set; the test suites use 10). */
export function secretHasher(cost: number): SecretHasher {
  const N = 2 ** cost;
  return {
    async hash(secret) {
      const salt = randomBytes(16);
      const key = await scryptAsync(secret.normalize('NFKC'), salt, N, R, P);
      return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
    },
    async verify(secret, stored) {
      const parts = stored.split('$');
      if (parts.length !== 6 || parts[0] !== 'scrypt') {
        // Keep the time spent the same as for a real hash, so a missing account is not faster.
        await scryptAsync(secret, DUMMY_SALT, N, R, P);
        return false;
      }
      const [, n, r, p, salt, expected] = parts as [string, string, string, string, string, string];
      const key = await scryptAsync(secret.normalize('NFKC'), Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
      const want = Buffer.from(expected, 'base64');
      return want.length === key.length && timingSafeEqual(want, key);
    },
  };
}

const DUMMY_SALT = randomBytes(16);
/** A hash that never matches, for comparing against when no account exists. */
export const NO_ACCOUNT_HASH = 'none';

export function hmacHex(key: Buffer, ...parts: string[]): string {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function equalHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
