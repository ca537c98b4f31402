import { timingSafeEqual } from 'node:crypto';
import { verifyJws, type DocumentCredential, type QrClaims, type VerifiedJws } from '../../artifacts/credential.js';
import type { DocumentRow } from '../../repositories/documents.repository.js';
import type { DomainDeps } from '../context.js';
import { verificationKey, type VerificationKey } from '../issuers/key-cache.js';
import { issuerNames, typeNames } from '../issuers/directory-names.js';
import { pick } from '../issuers/localized.js';
import { decodeCredential, QR_TYP } from './document-artifacts.js';
import { documentContents, type DocumentContents } from './document-contents.js';
import { effectiveStatus, maskName, type EffectiveStatus } from './document-status.js';
import { entryFromCredentialStatus, readPublishedStatus, statusListUrl, type StatusEntry } from '../status/status-lists.js';
import type { DocumentStatus } from '../../db/schema.js';

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
    /** Why the issuer revoked or suspended it, when it did. */
    statusReason: string | null;
    statusChangedAt: string | null;
    /** Where the status was read: the issuer's published Bitstring Status List, or (documents issued before lists) the register. */
    statusSource: 'status-list' | 'registry';
    /** The status list credential the answer relied on, and when it was signed. */
    statusList: { url: string; index: number; signedAt: string } | null;
    version: number;
    currentVersion: number;
    superseded: boolean;
  };
  /**
   * Only for a check by URI and verification code (whoever holds the code holds the paper):
   * the holder as named on the document and its fields as issued, so a copy can be compared.
   */
  contents?: DocumentContents;
  /**
   * Only for a QR code: the status it carries and when Tijori recorded it. A verifier without
   * network has only this; the page shows its age beside the status read now.
   */
  qr?: { status: string; asOf: string };
}

const unknown = (reason: string): VerificationResult => ({ verdict: 'unknown', reason });

/** A verified JWS and the issuer whose key signed it (keys come from the per-process cache). */
async function verifySigned<T>(deps: DomainDeps, jws: string): Promise<(VerifiedJws<T> & { issuerId: string }) | null> {
  let signer: VerificationKey | undefined;
  const verified = await verifyJws<T>(jws, async (kid) => (signer = await verificationKey(deps, kid))?.key);
  return verified && signer ? { ...verified, issuerId: signer.issuerId } : null;
}

/**
 * The status as an outside verifier finds it: both published list credentials (revocation,
 * suspension) fetched, their signatures checked and the entry's bits read. Falls back to the
 * register only for documents issued before status lists, or when a list cannot be read.
 */
async function publishedStatus(
  deps: DomainDeps,
  doc: DocumentRow,
  entry: StatusEntry | null,
): Promise<{ status: DocumentStatus; source: 'status-list' | 'registry'; list: { url: string; index: number; signedAt: string } | null }> {
  const registry = { status: doc.status, source: 'registry' as const, list: null };
  if (!entry) return registry;
  // One read of the list's freshness for both purposes (they share the row).
  const known = { state: await deps.repos.statusLists.freshness(entry.listId) };
  const [revoked, suspended] = await Promise.all([
    readPublishedStatus(deps, doc.issuer_id, entry, 'revocation', known),
    readPublishedStatus(deps, doc.issuer_id, entry, 'suspension', known),
  ]);
  if (!revoked || !suspended) return registry;
  return {
    status: revoked.set ? 'revoked' : suspended.set ? 'suspended' : 'active',
    source: 'status-list',
    list: {
      url: statusListUrl(deps.publicUrl, entry.listId, revoked.set || !suspended.set ? 'revocation' : 'suspension'),
      index: entry.index,
      signedAt: new Date(Math.min(revoked.listedAt, suspended.listedAt)).toISOString(),
    },
  };
}

const rowEntry = (doc: DocumentRow): StatusEntry | null =>
  doc.status_list_id && doc.status_index !== null ? { listId: doc.status_list_id, index: doc.status_index } : null;

/**
 * What a verifier is told about a document known to be genuine, as of now. `signedBy` is the
 * issuer whose key signed the token or credential: it must be the document's own issuer.
 * `entry` is the status-list entry the presented credential names (else the document's own).
 */
async function describe(
  deps: DomainDeps,
  uri: string,
  version: number,
  language: string | undefined,
  signedBy: string | undefined,
  found?: DocumentRow,
  entry?: StatusEntry | null,
): Promise<VerificationResult> {
  const doc = found ?? (typeof uri === 'string' ? await deps.repos.documents.findByUri(uri) : undefined);
  if (!doc) return unknown('The signature is valid, but this platform has no record of the document.');
  if (signedBy !== undefined && signedBy !== doc.issuer_id) {
    return { verdict: 'tampered', reason: 'The signature is valid, but it is not by the issuer of this document.' };
  }
  const [issuer, type, status] = await Promise.all([
    issuerNames(deps, doc.issuer_id),
    typeNames(deps, doc.issuer_id, doc.doc_type),
    publishedStatus(deps, doc, entry ?? rowEntry(doc)),
  ]);
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
      status: effectiveStatus(status.status, doc.valid_to, deps.clock.now()),
      statusReason: status.status !== 'active' ? doc.status_reason : null,
      statusChangedAt: doc.status_changed_at ? new Date(doc.status_changed_at).toISOString() : null,
      statusSource: status.source,
      statusList: status.list,
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
  const result = await describe(deps, verified.payload.u, verified.payload.v, language, verified.issuerId);
  // QR codes made before they carried a status have none to show.
  const { s, sa } = verified.payload as Partial<QrClaims>;
  if (typeof s !== 'string' || typeof sa !== 'number' || !Number.isSafeInteger(sa)) return result;
  return { ...result, qr: { status: s, asOf: new Date(sa * 1000).toISOString() } };
}

/** A signed credential (vc+jwt), as downloaded by the holder or shared with a requester. */
export async function verifyCredential(deps: DomainDeps, jws: string, language?: string): Promise<VerificationResult> {
  const verified = await verifySigned<DocumentCredential>(deps, jws.trim());
  if (!verified || verified.typ !== 'vc+jwt') return { verdict: 'tampered', reason: 'The credential’s signature does not verify.' };
  const s = verified.payload.credentialSubject;
  if (!s) return { verdict: 'tampered', reason: 'This is not a Tijori document credential.' };
  const named = entryFromCredentialStatus(deps.publicUrl, (verified.payload as { credentialStatus?: unknown }).credentialStatus);
  return describe(deps, s.uri, s.version, language, verified.issuerId, undefined, named);
}

/** By the URI and the verification code printed on the document. */
export async function verifyByCode(deps: DomainDeps, uri: string, code: string, language?: string): Promise<VerificationResult> {
  const doc = await deps.repos.documents.findByUri(uri);
  const given = Buffer.from(code.trim().toUpperCase());
  const expected = Buffer.from(doc?.verification_code ?? '----------');
  if (!doc || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return unknown('No document matches that URI and verification code.');
  }
  const [answer, version, type] = await Promise.all([
    describe(deps, uri, doc.version, language, undefined, doc),
    deps.repos.documents.findVersion(doc.id, doc.version),
    deps.repos.issuers.findDocumentType(doc.issuer_id, doc.doc_type),
  ]);
  if (answer.verdict !== 'genuine' || !version) return answer;
  return { ...answer, contents: documentContents(decodeCredential(version.credential), type, language) };
}
