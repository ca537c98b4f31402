import { timingSafeEqual } from 'node:crypto';
import { verifyJws, type DocumentCredential, type QrClaims, type VerifiedJws } from '../../documents/credential.js';
import type { DocumentRow } from '../../repositories/documents.repository.js';
import type { DomainDeps } from '../context.js';
import { verificationKey, type VerificationKey } from '../issuers/key-cache.js';
import { issuerNames, typeNames } from '../issuers/directory-names.js';
import { pick } from '../issuers/localized.js';
import { QR_TYP } from './document-artifacts.js';
import { effectiveStatus, maskName, type EffectiveStatus } from './document-status.js';

export type Verdict = 'genuine' | 'tampered' | 'unknown';

export interface VerificationResult {
  verdict: Verdict;
  reason?: string;
  document?: {
    uri: string;
    docType: { code: string; name: string };
    issuer: { orgId: string; name: string };
    holder: string;
    issuedOn: string;
    validFrom: string | null;
    validTo: string | null;
    status: EffectiveStatus;
    statusChangedAt: string | null;
    version: number;
    currentVersion: number;
    superseded: boolean;
  };
}

const unknown = (reason: string): VerificationResult => ({ verdict: 'unknown', reason });

/** A verified JWS and the issuer whose key signed it (keys come from the per-process cache). */
async function verifySigned<T>(deps: DomainDeps, jws: string): Promise<(VerifiedJws<T> & { issuerId: string }) | null> {
  let signer: VerificationKey | undefined;
  const verified = await verifyJws<T>(jws, async (kid) => (signer = await verificationKey(deps, kid))?.key);
  return verified && signer ? { ...verified, issuerId: signer.issuerId } : null;
}

/**
 * What a verifier is told about a document known to be genuine, as of now. `signedBy` is the
 * issuer whose key signed the token or credential: it must be the document's own issuer.
 */
async function describe(deps: DomainDeps, uri: string, version: number, language: string | undefined, signedBy: string | undefined, found?: DocumentRow): Promise<VerificationResult> {
  const doc = found ?? (typeof uri === 'string' ? await deps.repos.documents.findByUri(uri) : undefined);
  if (!doc) return unknown('The signature is valid, but this platform has no record of the document.');
  if (signedBy !== undefined && signedBy !== doc.issuer_id) {
    return { verdict: 'tampered', reason: 'The signature is valid, but it is not by the issuer of this document.' };
  }
  const [issuer, type] = await Promise.all([issuerNames(deps, doc.issuer_id), typeNames(deps, doc.issuer_id, doc.doc_type)]);
  if (!issuer) return unknown('The signature is valid, but this platform has no record of the document’s issuer.');
  return {
    verdict: 'genuine',
    document: {
      uri,
      docType: { code: doc.doc_type, name: type ? pick(type, language) : doc.doc_type },
      issuer: { orgId: issuer.orgId, name: pick(issuer.names, language) },
      holder: maskName(doc.holder_name),
      issuedOn: doc.issued_on,
      validFrom: doc.valid_from,
      validTo: doc.valid_to,
      status: effectiveStatus(doc.status, doc.valid_to, deps.clock.now()),
      statusChangedAt: doc.status_changed_at ? new Date(doc.status_changed_at).toISOString() : null,
      version,
      currentVersion: doc.version,
      superseded: version < doc.version,
    },
  };
}

/** The QR code's token (or the whole verify URL containing it). */
export async function verifyQrToken(deps: DomainDeps, input: string, language?: string): Promise<VerificationResult> {
  const token = input.includes('#t=') ? input.slice(input.indexOf('#t=') + 3) : input;
  const verified = await verifySigned<QrClaims>(deps, token.trim());
  if (!verified) return { verdict: 'tampered', reason: 'The QR code is not signed by any issuer registered here, or was altered.' };
  if (verified.typ !== QR_TYP) return { verdict: 'tampered', reason: 'This is not a Tijori document QR code.' };
  return describe(deps, verified.payload.u, verified.payload.v, language, verified.issuerId);
}

/** A signed credential (vc+jwt), as downloaded by the holder or shared with a requester. */
export async function verifyCredential(deps: DomainDeps, jws: string, language?: string): Promise<VerificationResult> {
  const verified = await verifySigned<DocumentCredential>(deps, jws.trim());
  if (!verified || verified.typ !== 'vc+jwt') return { verdict: 'tampered', reason: 'The credential’s signature does not verify.' };
  const s = verified.payload.credentialSubject;
  if (!s) return { verdict: 'tampered', reason: 'This is not a Tijori document credential.' };
  return describe(deps, s.uri, s.version, language, verified.issuerId);
}

/** By the URI and the verification code printed on the document. */
export async function verifyByCode(deps: DomainDeps, uri: string, code: string, language?: string): Promise<VerificationResult> {
  const doc = await deps.repos.documents.findByUri(uri);
  const given = Buffer.from(code.trim().toUpperCase());
  const expected = Buffer.from(doc?.verification_code ?? '----------');
  if (!doc || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return unknown('No document matches that URI and verification code.');
  }
  return describe(deps, uri, doc.version, language, undefined, doc);
}
