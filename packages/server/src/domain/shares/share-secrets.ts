import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKey } from '../../crypto/master-key.js';
import { equalHex, hmacHex, sha256Hex } from '../../crypto/secrets.js';

/** 32 random bytes, base64url: 256 bits, 43 characters. Nothing else is accepted as a token. */
export const SHARE_TOKEN_PATTERN = '^[A-Za-z0-9_-]{43}$';
const TOKEN = new RegExp(SHARE_TOKEN_PATTERN);

export function newShareToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isShareToken(value: string): boolean {
  return TOKEN.test(value);
}

/** What the database is searched by: a token with 256 bits of entropy needs no salt or stretching. */
export function shareTokenHash(token: string): string {
  return sha256Hex(`tijori share\0${token}`);
}

/** The token sealed (AES-256-GCM) so its owner can copy the link again; the database alone cannot open it. */
export function sealShareToken(masterKey: MasterKey, token: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey.derive('share-tokens'), iv);
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function openShareToken(masterKey: MasterKey, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', masterKey.derive('share-tokens'), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}

/** The rate-limit key of one address's opens of dead links: an HMAC, so the address is not stored. */
export function deadOpensKey(masterKey: MasterKey, ip: string): string {
  return `share:dead:${hmacHex(masterKey.derive('share-viewers'), 'dead opens', ip).slice(0, 32)}`;
}

/**
 * A share PIN: HMAC under a key derived from the master key, bound to the share. Six digits are
 * a million guesses whatever the hash; what protects them is the per-link attempt limit, and
 * the key keeps a copied database from being enough to try them offline.
 */
export function sharePinHash(masterKey: MasterKey, shareId: string, pin: string): string {
  return hmacHex(masterKey.derive('share-pins'), shareId, pin);
}

/** Views record an HMAC of the receiver's address (to tell repeat views apart), never the address. */
export function viewerAddressHmac(masterKey: MasterKey, shareId: string, ip: string): string {
  return hmacHex(masterKey.derive('share-viewers'), shareId, ip).slice(0, 32);
}

/**
 * A view grant: proof, for a few minutes, that this browser opened the link (with its PIN),
 * so downloading does not take a second view. `shareId.expiry.mac`.
 */
export function makeViewGrant(masterKey: MasterKey, shareId: string, expiresAt: number): string {
  return `${shareId}.${expiresAt}.${hmacHex(masterKey.derive('share-grants'), shareId, String(expiresAt))}`;
}

export function readViewGrant(masterKey: MasterKey, grant: string, now: number): string | null {
  const [shareId, exp, mac] = grant.split('.');
  if (!shareId || !exp || !mac || !/^\d+$/.test(exp) || Number(exp) <= now) return null;
  const want = hmacHex(masterKey.derive('share-grants'), shareId, exp);
  return /^[0-9a-f]{64}$/.test(mac) && equalHex(want, mac) ? shareId : null;
}
