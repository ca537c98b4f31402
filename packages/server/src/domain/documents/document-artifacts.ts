import { signCompactJws } from '../../crypto/signing-keys.js';
import { AppError } from '../../lib/errors.js';
import { buildQrClaims, type DocumentCredential } from '../../artifacts/credential.js';
import type { DocumentRow, VersionRow } from '../../repositories/documents.repository.js';
import type { IssuerRow } from '../../repositories/issuers.repository.js';
import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { issuerDid } from '../issuers/publish-keys.js';
import { signerByKid } from '../issuers/signing.js';
import { findDocumentByUri } from './find-document.js';

export const QR_TYP = 'tijori-qr+jwt';

export interface OwnedDocument {
  doc: DocumentRow;
  issuer: IssuerRow;
  version: VersionRow;
  credential: DocumentCredential;
}

/** A document of the actor's own, in its current version. Anyone else's looks missing. */
export async function ownedDocument(deps: DomainDeps, actor: ResidentActor, uri: string): Promise<OwnedDocument> {
  const found = await findDocumentByUri(deps, uri).catch(() => null);
  if (!found || found.doc.resident_id !== actor.residentId) throw new AppError('document_not_found', 'You have no document with that URI.');
  return withCurrentVersion(deps, found.doc, found.issuer);
}

export async function withCurrentVersion(deps: DomainDeps, doc: DocumentRow, issuer: IssuerRow): Promise<OwnedDocument> {
  const version = await deps.repos.documents.findVersion(doc.id, doc.version);
  if (!version) throw new AppError('document_not_found', 'The document has no signed version.');
  return { doc, issuer, version, credential: decodeCredential(version.credential) };
}

export function decodeCredential(jws: string): DocumentCredential {
  return JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as DocumentCredential;
}

/**
 * The QR code's content: the verify page's URL with a small JWS in the fragment (never sent
 * to a server by a browser, so it stays out of access logs), signed by the key that signed
 * the credential. Ed25519 signatures are deterministic, so the same document gives the same QR
 * within an hour (it carries the status as of the hour).
 */
const HOUR_MS = 3_600_000;

export async function qrPayload(deps: DomainDeps, owned: OwnedDocument): Promise<string> {
  const signer = await signerByKid(deps, owned.version.kid);
  const did = issuerDid(deps.publicUrl, owned.issuer.org_id);
  const token = signCompactJws(
    signer.key,
    { alg: signer.alg, typ: QR_TYP, kid: `${did}#${signer.kid}` },
    // The status as of the start of the hour: still true when the QR is printed later that
    // hour, and the same document in the same hour gives the same QR.
    buildQrClaims(owned.credential, owned.version.credential, { status: owned.doc.status, asOf: Math.floor(deps.clock.now() / HOUR_MS) * (HOUR_MS / 1000) }),
  );
  return `${deps.publicUrl}/verify#t=${token}`;
}
