import { generateSigningKey, openPrivateKey } from '../../crypto/signing-keys.js';
import type { DomainDeps } from '../context.js';
import type { CertificateFacts } from '../issuer-protocol.js';
import type { ResidentActor } from '../actors.js';
import { ownedDocument } from './document-artifacts.js';
import { effectiveStatus } from './document-status.js';
import { issuerOriginal } from './issuer-originals.js';
import { AppError } from '../../lib/errors.js';

/**
 * The issuer's P-256 key for XML-DSig (made on first use, published in its JWKS): the
 * certificate XML form cannot be signed with Ed25519.
 */
async function xmlSigner(deps: DomainDeps, issuerId: string) {
  let row = await deps.repos.issuers.xmlSigningKey(issuerId);
  if (!row) {
    const key = generateSigningKey(deps.masterKey, 'ES256');
    await deps.repos.issuers.insertSigningKey({
      kid: key.kid,
      issuer_id: issuerId,
      alg: 'ES256',
      public_jwk: key.publicJwk,
      private_sealed: key.privateSealed,
      status: 'xml-dsig',
      created_at: deps.clock.now(),
      retired_at: null,
    });
    row = (await deps.repos.issuers.xmlSigningKey(issuerId))!;
  }
  return { kid: row.kid, key: openPrivateKey(deps.masterKey, row.kid, Buffer.from(row.private_sealed)) };
}

/**
 * The reference's organization `type`: a government issuer's org id is under `in.gov.` (a state's
 * when the directory gives it a state, else the centre's); any other issuer is not government.
 */
export function organizationType(orgId: string, state: string | null): 'CG' | 'SG' | 'NG' {
  if (!orgId.startsWith('in.gov.')) return 'NG';
  return state ? 'SG' : 'CG';
}

/** What the holder's e-KYC profile adds to the certificate's Person: gender, address and photo. */
async function holderProfile(deps: DomainDeps, residentId: string): Promise<Pick<CertificateFacts['holder'], 'gender' | 'address' | 'photo'>> {
  const r = await deps.repos.residents.findById(residentId);
  if (!r) return {};
  const gender = r.gender === 'M' || r.gender === 'F' || r.gender === 'T' ? r.gender : undefined;
  const blob = r.photo_sha256 ? await deps.blobs.get(r.photo_sha256) : null;
  const photo = blob ? Buffer.concat(await blob.stream.toArray()) : undefined;
  return { ...(gender ? { gender } : {}), ...(r.address ? { address: r.address } : {}), ...(photo ? { photo } : {}) };
}

/** Which certificate XML: the issuer's own (when it sent one), or the one Tijori signs. */
export type XmlSource = 'issuer' | 'tijori';

export interface DocumentXml {
  /** The issuer's bytes exactly as it sent them, or Tijori's XML (UTF-8). */
  xml: Buffer | string;
  filename: string;
  source: XmlSource;
}

/** The media type to serve it with: the issuer's bytes declare their own encoding; Tijori's are UTF-8. */
export function xmlContentType(source: XmlSource): string {
  return source === 'issuer' ? 'application/xml' : 'application/xml; charset=utf-8';
}

/**
 * The machine-readable form: DigiLocker's `Certificate` XML with an enveloped XML-DSig signature.
 * For a document pulled from an issuer's endpoint that sent its own certificate, that
 * certificate, byte for byte (its signature verifies under the issuer's key), unless `source`
 * asks for Tijori's; otherwise Tijori's, made by `deps.issuerProtocol` with the current status.
 */
export async function documentXml(deps: DomainDeps, actor: ResidentActor, uri: string, source?: XmlSource): Promise<DocumentXml> {
  const owned = await ownedDocument(deps, actor, uri);
  if (source !== 'tijori') {
    const original = await issuerOriginal(deps, owned.doc.id, owned.version.version, 'xml');
    if (original) return { xml: original, filename: `${owned.doc.uri}.xml`, source: 'issuer' };
    if (source === 'issuer') throw new AppError('document_not_found', 'The issuer sent no certificate XML of its own for this document.');
  }
  const s = owned.credential.credentialSubject;
  const issuerNames = owned.issuer.names;
  const status = effectiveStatus(owned.doc.status, owned.doc.valid_to, deps.clock.now());
  const signer = await xmlSigner(deps, owned.issuer.id);
  const xml = deps.issuerProtocol.signedCertificate(
    {
      name: s.documentType.name,
      type: s.documentType.code,
      number: owned.doc.doc_id,
      uri: owned.doc.uri,
      verificationCode: owned.doc.verification_code,
      issueDate: owned.doc.issued_on,
      ...(owned.doc.valid_from ? { validFrom: owned.doc.valid_from } : {}),
      ...(owned.doc.valid_to ? { validTo: owned.doc.valid_to } : {}),
      status,
      issuer: {
        name: issuerNames.en,
        orgId: owned.issuer.org_id,
        type: organizationType(owned.issuer.org_id, owned.issuer.state),
        ...(owned.issuer.state ? { state: owned.issuer.state } : {}),
      },
      holder: { name: s.holder.name, ...(s.holder.birthDate ? { dob: s.holder.birthDate } : {}), ...(await holderProfile(deps, actor.residentId)) },
      fields: s.fields,
    },
    { key: signer.key, keyName: signer.kid },
  );
  return { xml, filename: `${owned.doc.uri}.xml`, source: 'tijori' };
}
