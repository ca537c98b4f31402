import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKey } from './master-key.js';
import { hmacHex } from './secrets.js';

/**
 * The Aadhaar vault's cryptography. The number is encrypted with AES-256-GCM under a key
 * derived from the master key (never stored in the database); uniqueness is checked through
 * an HMAC under another derived key, so a stolen database cannot be searched by hashing all
 * 10^12 candidate numbers.
 */
const ENC_PURPOSE = 'aadhaar-vault/v1';
const LOOKUP_PURPOSE = 'aadhaar-lookup/v1';

export function aadhaarLookupHmac(master: MasterKey, aadhaarNumber: string): string {
  return hmacHex(master.derive(LOOKUP_PURPOSE), aadhaarNumber);
}

export function sealAadhaar(master: MasterKey, aadhaarNumber: string, ref: string): { keyId: string; ciphertext: Buffer } {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', master.derive(ENC_PURPOSE), iv);
  c.setAAD(Buffer.from(ref)); // bound to its vault entry: a ciphertext cannot be moved to another
  const body = Buffer.concat([c.update(aadhaarNumber, 'utf8'), c.final()]);
  return { keyId: master.id.toString('hex'), ciphertext: Buffer.concat([iv, body, c.getAuthTag()]) };
}

export function openAadhaar(master: MasterKey, sealed: Buffer, ref: string): string {
  const d = createDecipheriv('aes-256-gcm', master.derive(ENC_PURPOSE), sealed.subarray(0, 12));
  d.setAAD(Buffer.from(ref));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]).toString('utf8');
}
