import type { DomainDeps } from '../context.js';
import { findIssuer } from './find-issuer.js';

/** did:web for an issuer on this platform: did:web:<host>:issuers:<orgId>. */
export function issuerDid(publicUrl: string, orgId: string): string {
  const u = new URL(publicUrl);
  const host = encodeURIComponent(u.host);
  const path = u.pathname.replace(/\/$/, '').split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...path, 'issuers', orgId].join(':');
}

/**
 * Every key the issuer ever signed with (active and retired). Public. Each `kid` is the full DID
 * URL that signed headers carry (`did:web:…#<key id>`), so a verifier matches a header's kid
 * against this set directly, and the same id dereferences through the DID document.
 */
export async function issuerJwks(deps: DomainDeps, orgId: string): Promise<{ keys: Record<string, string>[] }> {
  const issuer = await findIssuer(deps, orgId);
  const did = issuerDid(deps.publicUrl, orgId);
  const rows = await deps.repos.issuers.listSigningKeys(issuer.id);
  return { keys: rows.map((r) => ({ ...r.public_jwk, kid: `${did}#${r.kid}`, ...(r.status !== 'active' ? { status: r.status } : {}) })) };
}

/** The DID document that did:web resolves to (served at /issuers/<orgId>/did.json). */
export async function issuerDidDocument(deps: DomainDeps, orgId: string) {
  const did = issuerDid(deps.publicUrl, orgId);
  const { keys } = await issuerJwks(deps, orgId);
  const methods = keys.map((k) => ({
    id: k.kid!,
    type: 'JsonWebKey',
    controller: did,
    publicKeyJwk: Object.fromEntries(Object.entries(k).filter(([name]) => ['kty', 'crv', 'x', 'y', 'kid', 'alg'].includes(name))),
  }));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}
