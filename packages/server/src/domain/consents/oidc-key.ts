import { createECDH, createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import type { MasterKey } from '../../crypto/master-key.js';
import { signCompactJws } from '../../crypto/signing-keys.js';

export interface OidcKey {
  kid: string;
  key: KeyObject;
  publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string; kid: string; use: 'sig'; alg: 'ES256' };
}

const cache = new WeakMap<MasterKey, OidcKey>();

/**
 * The platform's id_token key (ES256): derived from the master key, so every process of an
 * installation signs with the same key without storing one, and it rotates with the master key.
 */
export function oidcKey(master: MasterKey): OidcKey {
  let k = cache.get(master);
  if (k) return k;
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(master.derive('oidc-id-token/v1'));
  const pub = ecdh.getPublicKey();
  const x = pub.subarray(1, 33).toString('base64url');
  const y = pub.subarray(33).toString('base64url');
  const d = ecdh.getPrivateKey().toString('base64url');
  const kid = createHash('sha256').update(pub).digest('base64url').slice(0, 16);
  k = {
    kid,
    key: createPrivateKey({ key: { kty: 'EC', crv: 'P-256', x, y, d }, format: 'jwk' }),
    publicJwk: { kty: 'EC', crv: 'P-256', x, y, kid, use: 'sig', alg: 'ES256' },
  };
  cache.set(master, k);
  return k;
}

export function signIdToken(master: MasterKey, claims: Record<string, unknown>): string {
  const k = oidcKey(master);
  return signCompactJws(k.key, { alg: 'ES256', typ: 'JWT', kid: k.kid }, claims);
}
