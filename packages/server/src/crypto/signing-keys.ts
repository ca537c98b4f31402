import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { MasterKey } from './master-key.js';

export type SigningAlg = 'EdDSA' | 'ES256';

export interface NewSigningKey {
  kid: string;
  alg: SigningAlg;
  publicJwk: Record<string, string>;
  privateSealed: Buffer;
}

const PURPOSE = 'issuer-signing-keys/v1';

/**
 * Issuer signing keys: generated here, kept only sealed (AES-256-GCM under a key derived from
 * the master key, bound to the key id), published as JWKs. Ed25519 by default; P-256 allowed.
 */
export function generateSigningKey(master: MasterKey, alg: SigningAlg = 'EdDSA'): NewSigningKey {
  const kid = randomBytes(12).toString('base64url');
  const { privateKey, publicKey } = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const publicJwk: Record<string, string> = { ...jwk, kid, alg, use: 'sig' };
  return { kid, alg, publicJwk, privateSealed: sealPrivateKey(master, kid, privateKey) };
}

function sealPrivateKey(master: MasterKey, kid: string, key: KeyObject): Buffer {
  return sealKey(master, PURPOSE, kid, key);
}

export function openPrivateKey(master: MasterKey, kid: string, sealed: Buffer): KeyObject {
  return openSealedKey(master, PURPOSE, kid, sealed);
}

/**
 * A private key sealed for storage: PKCS#8 under AES-256-GCM with a key derived from the master
 * key for `purpose`, bound (as associated data) to `binding` — its key id or serial — so a
 * sealed key cannot be moved to another row.
 */
export function sealKey(master: MasterKey, purpose: string, binding: string, key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'pkcs8' });
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', master.derive(purpose), iv);
  c.setAAD(Buffer.from(binding));
  const body = Buffer.concat([c.update(der), c.final()]);
  der.fill(0);
  return Buffer.concat([iv, body, c.getAuthTag()]);
}

export function openSealedKey(master: MasterKey, purpose: string, binding: string, sealed: Buffer): KeyObject {
  const d = createDecipheriv('aes-256-gcm', master.derive(purpose), sealed.subarray(0, 12));
  d.setAAD(Buffer.from(binding));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  const der = Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  der.fill(0);
  return key;
}

export function publicKeyFromJwk(jwk: Record<string, string>): KeyObject {
  return createPublicKey({ key: jwk, format: 'jwk' });
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * A compact JWS, signed directly with Node's crypto: on the bulk-issuance hot path this is
 * several times cheaper than a general JOSE library, and the output is ordinary JWS that any
 * JOSE library (we verify with `jose`) accepts. ES256 signatures are raw r||s (IEEE P1363).
 */
export function signCompactJws(key: KeyObject, header: Record<string, unknown>, payload: unknown): string {
  return signCompactJwsJson(key, header, JSON.stringify(payload));
}

/**
 * signCompactJws over a payload already serialized as JSON text. The signing pool's workers
 * sign the same way (signing-pool.ts); a test holds them to the same bytes.
 */
export function signCompactJwsJson(key: KeyObject, header: Record<string, unknown>, payloadJson: string): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(payloadJson)}`;
  const signature = header.alg === 'ES256' ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }) : sign(null, Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}
