import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { openSealedKey, sealKey } from '../../crypto/signing-keys.js';
import type { CmsSigner } from '../../signatures/cms.js';
import { standInTsa } from '../../signatures/tsa/standin-tsa.js';
import type { TimestampAuthority } from '../../signatures/tsa/timestamp-authority.js';
import { viewCertificate } from '../../signatures/certificate-view.js';
import { issueCertificate, issueCrl, type CertificateProfile, type NameParts } from '../../signatures/x509.js';
import type { AuthorityRow } from '../../repositories/pki.repository.js';
import type { DomainDeps } from '../context.js';

/** Sealing purpose of every key the CA holds (bound to the certificate's serial). */
export const PKI_KEY_PURPOSE = 'pki-keys/v1';
const YEAR = 365 * 24 * 60 * 60 * 1000;

export interface TijoriCa {
  root: Buffer;
  issuing: { certificate: Buffer; key: KeyObject };
  tsaSigner: CmsSigner;
}

/** Where the CA's certificates and CRLs are published; verifiers need only the root. */
export function pkiUrls(publicUrl: string) {
  const base = `${publicUrl}/pki`;
  return {
    rootCertificate: `${base}/tijori-root-ca.cer`,
    rootCrl: `${base}/tijori-root-ca.crl`,
    issuingCertificate: `${base}/tijori-issuing-ca.cer`,
    issuingCrl: `${base}/tijori-issuing-ca.crl`,
    /** OCSP (RFC 6960) for the certificates the issuing CA issues. */
    ocsp: `${base}/ocsp`,
  };
}

const loaded = new WeakMap<object, Promise<TijoriCa>>();

/**
 * Tijori's certificate authority — the stand-in for a licensed Certifying Authority: a root, an
 * issuing CA under it, and a time-stamping unit under that. Made on first use (keys generated
 * here, stored only sealed under the master key), then read once per process.
 */
export function tijoriCa(deps: DomainDeps): Promise<TijoriCa> {
  let ca = loaded.get(deps.db);
  if (!ca) {
    ca = loadOrCreate(deps);
    loaded.set(deps.db, ca);
    ca.catch(() => loaded.delete(deps.db));
  }
  return ca;
}

async function loadOrCreate(deps: DomainDeps): Promise<TijoriCa> {
  const urls = pkiUrls(deps.publicUrl);
  const root = await authority(deps, 'root', { C: 'IN', O: 'Tijori', CN: 'Tijori Root CA' }, { kind: 'root' }, 20 * YEAR);
  const issuing = await authority(deps, 'issuing', { C: 'IN', O: 'Tijori', CN: 'Tijori Issuing CA' }, { kind: 'issuing-ca' }, 10 * YEAR, {
    parent: root,
    urls: { certificate: urls.rootCertificate, crl: urls.rootCrl },
  });
  const tsa = await authority(deps, 'tsa', { C: 'IN', O: 'Tijori', CN: 'Tijori Time-Stamping Authority' }, { kind: 'tsa' }, 5 * YEAR, {
    parent: issuing,
    urls: { certificate: urls.issuingCertificate, crl: urls.issuingCrl, ocsp: urls.ocsp },
  });
  return { root: root.certificate, issuing, tsaSigner: { certificate: tsa.certificate, key: tsa.key, chain: [issuing.certificate] } };
}

/**
 * The platform's XML-signing key (e-Aadhaar XML): a document-signing certificate under the
 * issuing CA, made on first use, published at /pki/tijori-xml-signing.pem for verifiers
 * (`xmlsec1 --verify --pubkey-cert-pem`).
 */
export async function platformXmlSigner(deps: DomainDeps): Promise<{ certificate: Buffer; key: KeyObject }> {
  const { issuing } = await tijoriCa(deps);
  const urls = pkiUrls(deps.publicUrl);
  return authority(deps, 'xml-signing', { C: 'IN', O: 'Tijori', CN: 'Tijori XML Signing' }, { kind: 'document-signing' }, 5 * YEAR, {
    parent: issuing,
    urls: { certificate: urls.issuingCertificate, crl: urls.issuingCrl, ocsp: urls.ocsp },
  });
}

async function authority(
  deps: DomainDeps,
  role: string,
  subject: NameParts,
  profile: CertificateProfile,
  lifetime: number,
  under?: { parent: { certificate: Buffer; key: KeyObject }; urls: { certificate: string; crl: string; ocsp?: string } },
): Promise<{ certificate: Buffer; key: KeyObject }> {
  const open = (row: AuthorityRow) => ({ certificate: row.certificate, key: openSealedKey(deps.masterKey, PKI_KEY_PURPOSE, row.serial, row.private_sealed) });
  const existing = (await deps.repos.pki.listAuthorities()).find((r) => r.role === role);
  if (existing) return open(existing);
  const now = deps.clock.now();
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const certificate = issueCertificate({
    serial: randomBytes(16),
    subject,
    publicKey,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + lifetime),
    profile,
    ...(under ? { issuer: under.parent, issuerUrls: under.urls } : { selfKey: privateKey }),
  });
  const serial = viewCertificate(certificate).serialHex;
  const row: AuthorityRow = {
    role,
    serial,
    certificate,
    private_sealed: sealKey(deps.masterKey, PKI_KEY_PURPOSE, serial, privateKey),
    created_at: now,
    not_after: now + lifetime,
  };
  if (await deps.repos.pki.insertAuthority(row)) return { certificate, key: privateKey };
  // Another process made it first: use theirs.
  const theirs = (await deps.repos.pki.listAuthorities()).find((r) => r.role === role);
  if (!theirs) throw new Error(`the ${role} authority vanished`);
  return open(theirs);
}

/** The time-stamping authority signatures use: the configured one, or Tijori's stand-in. */
export function timestampAuthority(deps: DomainDeps): TimestampAuthority {
  return (
    deps.tsa ??
    standInTsa(
      async () => (await tijoriCa(deps)).tsaSigner,
      () => deps.clock.now(),
    )
  );
}

/** The CRL of the issuing CA (every certificate it issued and revoked) or of the root. */
export async function currentCrl(deps: DomainDeps, which: 'root' | 'issuing'): Promise<Buffer> {
  const ca = await tijoriCa(deps);
  const now = deps.clock.now();
  const rootKey = (await deps.repos.pki.listAuthorities()).find((r) => r.role === 'root')!;
  const revoked = which === 'issuing' ? await deps.repos.pki.listRevoked() : [];
  return issueCrl({
    ca: which === 'root' ? ca.root : ca.issuing.certificate,
    key: which === 'root' ? openSealedKey(deps.masterKey, PKI_KEY_PURPOSE, rootKey.serial, rootKey.private_sealed) : ca.issuing.key,
    number: Math.floor(now / 1000),
    thisUpdate: new Date(now),
    nextUpdate: new Date(now + 24 * 60 * 60 * 1000),
    revoked: revoked.map((r) => ({ serial: Buffer.from(r.serial.length % 2 ? `0${r.serial}` : r.serial, 'hex'), revokedAt: new Date(r.revoked_at) })),
  });
}

/** What a verifier trusts: Tijori's root, its issuing CA as a known intermediate, revocations. */
export async function tijoriTrust(deps: DomainDeps) {
  const ca = await tijoriCa(deps);
  return {
    roots: [ca.root],
    intermediates: [ca.issuing.certificate, ca.tsaSigner.certificate],
    revokedAt: (serial: string) => deps.repos.pki.revokedAt(serial),
  };
}
