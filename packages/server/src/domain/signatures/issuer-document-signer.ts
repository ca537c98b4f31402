import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { openSealedKey, sealKey } from '../../crypto/signing-keys.js';
import type { CmsSigner } from '../../signatures/cms.js';
import { viewCertificate } from '../../signatures/certificate-view.js';
import { issueCertificate } from '../../signatures/x509.js';
import type { DomainDeps } from '../context.js';
import type { LocalizedText } from '../issuers/localized.js';
import { PKI_KEY_PURPOSE, pkiUrls, tijoriCa } from './tijori-ca.js';

const DAY = 24 * 60 * 60 * 1000;
const LIFETIME = 2 * 365 * DAY;
/** A certificate this close to its end is replaced, so no PDF is signed by one about to expire. */
const RENEW_BEFORE = 30 * DAY;

interface IssuerLike {
  id: string;
  org_id: string;
  names: LocalizedText;
}

const cache = new WeakMap<object, Map<string, { signer: CmsSigner; notAfter: number }>>();

/**
 * The document-signing certificate of an issuer: issued by Tijori's CA in the issuer's name
 * (organisation = its name, organisational unit = its org id), its P-256 key kept sealed under
 * the master key like the issuer's other keys. Issued on first need and renewed near its end.
 */
export async function issuerDocumentSigner(deps: DomainDeps, issuer: IssuerLike): Promise<CmsSigner> {
  const now = deps.clock.now();
  let perDb = cache.get(deps.db);
  if (!perDb) cache.set(deps.db, (perDb = new Map()));
  const hit = perDb.get(issuer.id);
  if (hit && hit.notAfter - RENEW_BEFORE > now) return hit.signer;

  const ca = await tijoriCa(deps);
  const row = await deps.repos.pki.findIssuerCertificate(issuer.id, now + RENEW_BEFORE);
  let signer: CmsSigner;
  let notAfter: number;
  if (row?.private_sealed) {
    signer = {
      certificate: row.certificate,
      key: openSealedKey(deps.masterKey, PKI_KEY_PURPOSE, row.serial, row.private_sealed),
      chain: [ca.issuing.certificate],
    };
    notAfter = row.not_after;
  } else {
    const name = issuer.names.en || issuer.org_id;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const urls = pkiUrls(deps.publicUrl);
    notAfter = now + LIFETIME;
    const certificate = issueCertificate({
      serial: randomBytes(16),
      subject: { C: 'IN', O: name, OU: issuer.org_id, CN: name },
      publicKey,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(notAfter),
      profile: { kind: 'document-signing' },
      issuer: ca.issuing,
      issuerUrls: { certificate: urls.issuingCertificate, crl: urls.issuingCrl, ocsp: urls.ocsp },
    });
    const serial = viewCertificate(certificate).serialHex;
    await deps.repos.pki.insertCertificate({
      serial,
      purpose: 'issuer-documents',
      issuer_id: issuer.id,
      resident_id: null,
      subject: name,
      certificate,
      private_sealed: sealKey(deps.masterKey, PKI_KEY_PURPOSE, serial, privateKey),
      created_at: now,
      not_after: notAfter,
      revoked_at: null,
    });
    signer = { certificate, key: privateKey, chain: [ca.issuing.certificate] };
  }
  perDb.set(issuer.id, { signer, notAfter });
  return signer;
}
