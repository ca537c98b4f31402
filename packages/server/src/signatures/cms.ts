import { createHash, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifier,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignatureAlgorithmIdentifier,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  id_signedData,
} from '@peculiar/asn1-cms';
import { GeneralName, GeneralNames } from '@peculiar/asn1-x509';
import { octets, oid, seq, setOf, tlv } from './der.js';
import { ECDSA_SHA256, parseCertificate, SHA256, toArrayBuffer } from './x509.js';

export const OIDS = {
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
} as const;


/**
 * ESS signing-certificate-v2 (RFC 5035): binds the signature to the signer's certificate by its
 * SHA-256 hash and issuer + serial, so a certificate with the same key cannot be swapped in.
 * SHA-256 is the default hash algorithm, so (DER) it is omitted.
 */
export function signingCertificateV2(certificate: Buffer): Buffer {
  const cert = parseCertificate(certificate);
  const issuer = Buffer.from(AsnConvert.serialize(new GeneralNames([new GeneralName({ directoryName: cert.tbsCertificate.issuer })])));
  const serial = tlv(0x02, Buffer.from(cert.tbsCertificate.serialNumber));
  const essCertIdV2 = seq(octets(createHash('sha256').update(certificate).digest()), seq(issuer, serial));
  return seq(seq(essCertIdV2));
}

export interface CmsSigner {
  certificate: Buffer;
  key: KeyObject;
  /** Certificates sent along (the issuing CA), so a verifier holding only the root can build the chain. */
  chain: Buffer[];
}

export interface SignedDataInput {
  signer: CmsSigner;
  /** eContentType; `data` for a detached document signature. */
  contentType: string;
  /** SHA-256 of the content (the PDF's ByteRange, or the TSTInfo). */
  digest: Buffer;
  /** Content to embed (a timestamp token embeds its TSTInfo); absent = detached. */
  embedded?: Buffer;
  /** Adds unsigned attributes once the signature value is known (the signature timestamp). */
  unsigned?: (signature: Buffer) => Promise<{ type: string; value: Buffer }[]>;
}

/**
 * A CMS SignedData (RFC 5652) with one signer, in a ContentInfo: signed attributes
 * content-type, message-digest and signing-certificate-v2 (no signing-time: PAdES puts the
 * claimed time in the PDF signature dictionary), ECDSA P-256 with SHA-256.
 */
export async function buildSignedData(input: SignedDataInput): Promise<Buffer> {
  const cert = parseCertificate(input.signer.certificate);
  const attrs = [
    attribute(OIDS.contentType, oid(input.contentType)),
    attribute(OIDS.messageDigest, octets(input.digest)),
    attribute(OIDS.signingCertificateV2, signingCertificateV2(input.signer.certificate)),
  ];
  // DER orders a SET OF by the members' encodings; the signature covers that SET.
  const encoded = attrs.map((a) => Buffer.from(AsnConvert.serialize(a)));
  const order = encoded.map((e, i) => ({ e, i })).sort((a, b) => Buffer.compare(a.e, b.e));
  const signedAttrsSet = setOf(encoded);
  const signature = sign('sha256', signedAttrsSet, { key: input.signer.key, dsaEncoding: 'der' });
  const unsigned = input.unsigned ? await input.unsigned(signature) : [];

  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({ issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: cert.tbsCertificate.issuer, serialNumber: cert.tbsCertificate.serialNumber }) }),
    digestAlgorithm: new DigestAlgorithmIdentifier({ algorithm: SHA256 }),
    signedAttrs: order.map(({ i }) => attrs[i]!),
    signatureAlgorithm: new SignatureAlgorithmIdentifier({ algorithm: ECDSA_SHA256 }),
    signature: new OctetString(signature),
    ...(unsigned.length > 0 ? { unsignedAttrs: unsigned.map((u) => attribute(u.type, u.value)) } : {}),
  });
  const signedData = new SignedData({
    version: CMSVersion.v3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new DigestAlgorithmIdentifier({ algorithm: SHA256 })]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: input.contentType,
      ...(input.embedded ? { eContent: new EncapsulatedContent({ single: new OctetString(input.embedded) }) } : {}),
    }),
    certificates: new CertificateSet([input.signer.certificate, ...input.signer.chain].map((c) => new CertificateChoices({ certificate: parseCertificate(c) }))),
    signerInfos: new SignerInfos([signerInfo]),
  });
  const der = Buffer.from(AsnConvert.serialize(new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) })));
  return der;
}

function attribute(type: string, value: Buffer): Attribute {
  return new Attribute({ attrType: type, attrValues: [toArrayBuffer(value)] });
}
