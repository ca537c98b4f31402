import { createHash, sign, type KeyObject } from 'node:crypto';
import { id_signedData } from '@peculiar/asn1-cms';
import { viewCertificate } from './certificate-view.js';
import { octets, oid, seq, setOf, tlv } from './der.js';
import { ECDSA_SHA256, SHA256 } from './x509.js';

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
  const cert = viewCertificate(certificate);
  // GeneralNames { directoryName [4] EXPLICIT Name }
  const issuer = seq(tlv(0xa4, cert.issuer));
  const essCertIdV2 = seq(octets(createHash('sha256').update(certificate).digest()), seq(issuer, tlv(0x02, cert.serial)));
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

const algorithm = (id: string) => seq(oid(id));
const integer = (n: number) => tlv(0x02, Buffer.from([n]));
const attribute = (type: string, value: Buffer) => seq(oid(type), tlv(0x31, value));

/**
 * A CMS SignedData (RFC 5652) with one signer, in a ContentInfo: signed attributes
 * content-type, message-digest and signing-certificate-v2 (no signing-time: PAdES puts the
 * claimed time in the PDF signature dictionary), ECDSA P-256 with SHA-256. Written as DER from
 * the certificates' own bytes: nothing is parsed or re-encoded by a schema library, which cost
 * more than the rest of a signature together.
 */
export async function buildSignedData(input: SignedDataInput): Promise<Buffer> {
  const cert = viewCertificate(input.signer.certificate);
  const signedAttrs = [
    attribute(OIDS.contentType, oid(input.contentType)),
    attribute(OIDS.messageDigest, octets(input.digest)),
    attribute(OIDS.signingCertificateV2, signingCertificateV2(input.signer.certificate)),
  ];
  // DER orders a SET OF by the members' encodings; the signature covers that SET.
  const signedAttrsSet = setOf(signedAttrs);
  const signature = sign('sha256', signedAttrsSet, { key: input.signer.key, dsaEncoding: 'der' });
  const unsigned = input.unsigned ? await input.unsigned(signature) : [];

  const signerInfo = seq(
    integer(1),
    seq(cert.issuer, tlv(0x02, cert.serial)),
    algorithm(SHA256),
    Buffer.concat([Buffer.from([0xa0]), signedAttrsSet.subarray(1)]),
    algorithm(ECDSA_SHA256),
    octets(signature),
    ...(unsigned.length > 0 ? [tlv(0xa1, ...[...unsigned.map((u) => attribute(u.type, u.value))].sort(Buffer.compare))] : []),
  );
  const signedData = seq(
    // v1 for id-data content, v3 for anything else (RFC 5652 §5.1).
    integer(input.contentType === OIDS.data ? 1 : 3),
    tlv(0x31, algorithm(SHA256)),
    seq(oid(input.contentType), ...(input.embedded ? [tlv(0xa0, octets(input.embedded))] : [])),
    tlv(0xa0, input.signer.certificate, ...input.signer.chain),
    tlv(0x31, signerInfo),
  );
  return seq(oid(id_signedData), tlv(0xa0, signedData));
}
