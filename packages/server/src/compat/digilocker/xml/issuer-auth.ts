/**
 * How DigiLocker-style messages are authenticated with an issuer's shared API key:
 * - `keyhash` attribute = hex SHA-256(apiKey + ts), binding the key to the message's timestamp;
 * - `x-digilocker-hmac` header = base64 HMAC-SHA256(raw body, apiKey).
 * Comparisons are constant-time over fixed-length digests, so neither the content nor the
 * length of a guess leaks through timing. Callers still check that `ts` is fresh and `txn`
 * unused: these helpers prove knowledge of the key, not freshness.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** hex SHA-256(apiKey + ts), lowercase. */
export function keyhash(apiKey: string, ts: string): string {
  return createHash('sha256')
    .update(apiKey + ts, 'utf8')
    .digest('hex');
}

/** True when `presented` (hex, any case) is the keyhash for this key and timestamp. */
export function verifyKeyhash(apiKey: string, ts: string, presented: string | undefined): boolean {
  if (typeof presented !== 'string' || !/^[0-9a-fA-F]{64}$/.test(presented)) return false;
  return timingSafeEqual(Buffer.from(keyhash(apiKey, ts), 'hex'), Buffer.from(presented, 'hex'));
}

/** base64 HMAC-SHA256 of the exact body bytes under the API key. */
export function digilockerHmac(body: string | Uint8Array, apiKey: string): string {
  return createHmac('sha256', apiKey).update(body).digest('base64');
}

/** True when the `x-digilocker-hmac` header value matches the body. */
export function verifyDigilockerHmac(body: string | Uint8Array, apiKey: string, header: string | undefined): boolean {
  if (typeof header !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(header.trim())) return false;
  const expected = createHmac('sha256', apiKey).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(header.trim(), 'base64'));
}
