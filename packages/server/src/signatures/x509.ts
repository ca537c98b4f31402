import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityInfoAccessSyntax,
  AccessDescription,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CertificateList,
  CRLDistributionPoints,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  Name,
  RelativeDistinguishedName,
  RevokedCertificate,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  TBSCertList,
  Time,
  Validity,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  id_pe_authorityInfoAccess,
  id_ad_caIssuers,
  id_ad_ocsp,
  id_kp_timeStamping,
  KeyUsageFlags,
  CRLNumber,
  id_ce_cRLNumber,
} from '@peculiar/asn1-x509';
import { viewCertificate } from './certificate-view.js';
import { children, oid, readNode, seq, tlv } from './der.js';

/** ecdsa-with-SHA256: every certificate, CRL and CMS signature Tijori makes is P-256 + SHA-256. */
export const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
export const SHA256 = '2.16.840.1.101.3.4.2.1';
/** id-kp-documentSigning (RFC 9336). */
const ID_KP_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';
/** id-kp-emailProtection: what NSS (and so pdfsig) requires of a document signer's certificate. */
const ID_KP_EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';

const OID = { CN: '2.5.4.3', O: '2.5.4.10', OU: '2.5.4.11', C: '2.5.4.6', serialNumber: '2.5.4.5' } as const;
export type NameParts = Partial<Record<keyof typeof OID, string>>;

export function buildName(parts: NameParts): Name {
  const order: (keyof typeof OID)[] = ['C', 'O', 'OU', 'serialNumber', 'CN'];
  return new Name(
    order
      .filter((k) => parts[k])
      .map(
        (k) =>
          new RelativeDistinguishedName([
            new AttributeTypeAndValue({
              type: OID[k],
              // Country and serial number are PrintableString by definition; names may be in any script.
              value: new AttributeValue(k === 'C' || k === 'serialNumber' ? { printableString: parts[k]! } : { utf8String: parts[k]! }),
            }),
          ]),
      ),
  );
}

/** The common name of a distinguished name (or its organisation), for people to read. */
export function displayName(name: Name): string {
  let cn = '';
  let org = '';
  for (const rdn of name) {
    for (const atv of rdn) {
      if (atv.type === OID.CN) cn = atv.value.toString();
      if (atv.type === OID.O) org = atv.value.toString();
    }
  }
  return cn || org;
}

export type CertificateProfile = { kind: 'root' } | { kind: 'issuing-ca' } | { kind: 'tsa' } | { kind: 'document-signing' };

export interface IssueCertificateInput {
  serial: Buffer;
  subject: NameParts;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  profile: CertificateProfile;
  /** The issuing CA's certificate (DER) and key; absent for a self-signed root. */
  issuer?: { certificate: Buffer; key: KeyObject };
  /** The self-signing key of a root. */
  selfKey?: KeyObject;
  /** Published URLs of the issuer's certificate, CRL and OCSP responder (AIA and CRL distribution point). */
  issuerUrls?: { certificate: string; crl: string; ocsp?: string };
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits of a SubjectPublicKeyInfo. */
export function keyIdentifier(publicKey: KeyObject | Buffer): Buffer {
  const spki = Buffer.isBuffer(publicKey) ? publicKey : publicKey.export({ format: 'der', type: 'spki' });
  return createHash('sha1').update(subjectPublicKeyBits(spki)).digest();
}

/** The subjectPublicKey BIT STRING's bits (without its unused-bits byte) of a SubjectPublicKeyInfo. */
export function subjectPublicKeyBits(spki: Buffer): Buffer {
  const bits = children(spki, readNode(spki, 0))[1];
  if (!bits || bits.tag !== 0x03) throw new Error('not a SubjectPublicKeyInfo');
  return spki.subarray(bits.contentStart + 1, bits.end);
}

const issuers = new Map<string, Certificate>();

/** An issuing certificate, parsed once (a CA issues many certificates with the same one). */
function issuerCertificate(der: Buffer): Certificate {
  const key = der.toString('base64');
  let cert = issuers.get(key);
  if (!cert) {
    if (issuers.size >= 100) issuers.delete(issuers.keys().next().value!);
    issuers.set(key, (cert = parseCertificate(der)));
  }
  return cert;
}

const ext = (extnID: string, critical: boolean, value: unknown) => new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });

/** Issues an X.509 v3 certificate, signed with ECDSA P-256 / SHA-256. */
export function issueCertificate(input: IssueCertificateInput): Buffer {
  const issuerCert = input.issuer ? issuerCertificate(input.issuer.certificate) : undefined;
  const signingKey = input.issuer?.key ?? input.selfKey;
  if (!signingKey) throw new Error('a certificate needs an issuer or a self-signing key');
  const subjectName = buildName(input.subject);
  const issuerName = issuerCert ? issuerCert.tbsCertificate.subject : subjectName;
  const authorityKeyId = input.issuer ? keyIdentifier(viewCertificate(input.issuer.certificate).spki) : keyIdentifier(input.publicKey);
  const extensions: Extension[] = [ext(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(input.publicKey)))];
  extensions.push(ext(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(authorityKeyId) })));
  const p = input.profile;
  if (p.kind === 'root' || p.kind === 'issuing-ca') {
    extensions.push(ext(id_ce_basicConstraints, true, new BasicConstraints({ cA: true, ...(p.kind === 'issuing-ca' ? { pathLenConstraint: 0 } : {}) })));
    extensions.push(ext(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign)));
  } else {
    extensions.push(ext(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })));
    extensions.push(
      ext(
        id_ce_keyUsage,
        true,
        new KeyUsage(p.kind === 'tsa' ? KeyUsageFlags.digitalSignature : KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation),
      ),
    );
    // RFC 3161: a TSA certificate carries exactly the timeStamping purpose, marked critical.
    extensions.push(
      ext(
        id_ce_extKeyUsage,
        p.kind === 'tsa',
        new ExtendedKeyUsage(p.kind === 'tsa' ? [id_kp_timeStamping] : [ID_KP_EMAIL_PROTECTION, ID_KP_DOCUMENT_SIGNING]),
      ),
    );
  }
  if (input.issuerUrls) {
    extensions.push(
      ext(
        id_pe_authorityInfoAccess,
        false,
        new AuthorityInfoAccessSyntax([
          ...(input.issuerUrls.ocsp
            ? [new AccessDescription({ accessMethod: id_ad_ocsp, accessLocation: new GeneralName({ uniformResourceIdentifier: input.issuerUrls.ocsp }) })]
            : []),
          new AccessDescription({
            accessMethod: id_ad_caIssuers,
            accessLocation: new GeneralName({ uniformResourceIdentifier: input.issuerUrls.certificate }),
          }),
        ]),
      ),
    );
    extensions.push(
      ext(
        id_ce_cRLDistributionPoints,
        false,
        new CRLDistributionPoints([
          new DistributionPoint({
            distributionPoint: new DistributionPointName({ fullName: [new GeneralName({ uniformResourceIdentifier: input.issuerUrls.crl })] }),
          }),
        ]),
      ),
    );
  }
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: positiveInteger(input.serial),
    signature: new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 }),
    issuer: issuerName,
    validity: new Validity({ notBefore: input.notBefore, notAfter: input.notAfter }),
    subject: subjectName,
    subjectPublicKeyInfo: AsnConvert.parse(input.publicKey.export({ format: 'der', type: 'spki' }), SubjectPublicKeyInfo),
    extensions: new Extensions(extensions),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = sign('sha256', tbsDer, { key: signingKey, dsaEncoding: 'der' });
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }:
  // written around the TBS bytes just signed rather than serialising the TBS a second time.
  return seq(tbsDer, seq(oid(ECDSA_SHA256)), tlv(0x03, Buffer.from([0]), signature));
}

export interface RevokedEntry {
  serial: Buffer;
  revokedAt: Date;
}

/** A CRL (v2) of the given CA, signed with its key. */
export function issueCrl(input: { ca: Buffer; key: KeyObject; number: number; thisUpdate: Date; nextUpdate: Date; revoked: RevokedEntry[] }): Buffer {
  const ca = parseCertificate(input.ca);
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 }),
    issuer: ca.tbsCertificate.subject,
    thisUpdate: new Time(input.thisUpdate),
    nextUpdate: new Time(input.nextUpdate),
    ...(input.revoked.length > 0
      ? {
          revokedCertificates: input.revoked.map(
            (r) => new RevokedCertificate({ userCertificate: positiveInteger(r.serial), revocationDate: new Time(r.revokedAt) }),
          ),
        }
      : {}),
    crlExtensions: [
      ext(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(keyIdentifier(certificatePublicKey(input.ca))) })),
      ext(id_ce_cRLNumber, false, new CRLNumber(input.number)),
    ],
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signature = sign('sha256', tbsDer, { key: input.key, dsaEncoding: 'der' });
  return Buffer.from(
    AsnConvert.serialize(
      new CertificateList({ tbsCertList: tbs, signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 }), signature: toArrayBuffer(signature) }),
    ),
  );
}

export function parseCertificate(der: Buffer | ArrayBuffer | Uint8Array): Certificate {
  return AsnConvert.parse(der instanceof ArrayBuffer ? der : Buffer.from(der), Certificate);
}

export function certificatePublicKey(der: Buffer | Certificate): KeyObject {
  const cert = Buffer.isBuffer(der) ? parseCertificate(der) : der;
  return createPublicKey({ key: Buffer.from(AsnConvert.serialize(cert.tbsCertificate.subjectPublicKeyInfo)), format: 'der', type: 'spki' });
}

export function serialHex(cert: Certificate): string {
  return Buffer.from(cert.tbsCertificate.serialNumber)
    .toString('hex')
    .replace(/^(00)+(?=.)/, '');
}

export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

/** A DER INTEGER's content: positive (a leading zero when the top bit is set), no extra zeros. */
function positiveInteger(serial: Buffer): ArrayBuffer {
  let s = serial;
  while (s.length > 1 && s[0] === 0 && (s[1]! & 0x80) === 0) s = s.subarray(1);
  if ((s[0]! & 0x80) !== 0) s = Buffer.concat([Buffer.from([0]), s]);
  return toArrayBuffer(s);
}

export function toArrayBuffer(b: Buffer | Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
