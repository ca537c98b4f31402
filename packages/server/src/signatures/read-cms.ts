import { AsnConvert } from '@peculiar/asn1-schema';
import { SignedData, id_signedData } from '@peculiar/asn1-cms';
import { Certificate } from '@peculiar/asn1-x509';
import { children, oid, readNode } from './der.js';
import { OIDS } from './cms.js';
import { sameName, SHA256 } from './x509.js';

const SIGNED_DATA_OID = oid(id_signedData);

const DIGESTS: Record<string, string> = {
  [SHA256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

export interface ParsedCms {
  certificates: Certificate[];
  signer: Certificate | null;
  /** Node's name of the digest algorithm (sha256 …). */
  digestAlgorithm: string;
  signatureAlgorithm: string;
  messageDigest: Buffer | null;
  /** The signed attributes exactly as signed: their bytes in the file, tagged as a SET. */
  signedAttributes: Buffer | null;
  signature: Buffer;
  contentType: string;
  content: Buffer | null;
  /** The RFC 3161 token in the unsigned attributes, if any. */
  timestampToken: Buffer | null;
}

/** Reads a CMS SignedData (one signer) as a verifier needs it. Throws on anything malformed. */
export function readCms(der: Buffer): ParsedCms {
  // ContentInfo is found with the small DER reader: the schema library would parse (and
  // re-encode) the whole SignedData twice.
  const [type, explicit] = children(der, readNode(der, 0));
  if (!type || !explicit || !der.subarray(type.start, type.end).equals(SIGNED_DATA_OID)) throw new Error('not a SignedData');
  const inner = children(der, explicit)[0];
  if (!inner) throw new Error('empty SignedData');
  const sd = AsnConvert.parse(der.subarray(inner.start, inner.end), SignedData);
  const si = sd.signerInfos[0];
  if (!si) throw new Error('no signer');
  const certificates = (sd.certificates ?? []).map((c) => c.certificate).filter((c): c is Certificate => c !== undefined);
  const sid = si.sid;
  const signer =
    certificates.find((c) =>
      sid.issuerAndSerialNumber
        ? sameName(c.tbsCertificate.issuer, sid.issuerAndSerialNumber.issuer) && Buffer.from(c.tbsCertificate.serialNumber).equals(Buffer.from(sid.issuerAndSerialNumber.serialNumber))
        : false,
    ) ?? null;
  const attr = (list: typeof si.signedAttrs, type: string) => list?.find((a) => a.attrType === type)?.attrValues[0];
  const md = attr(si.signedAttrs, OIDS.messageDigest);
  const ts = attr(si.unsignedAttrs, OIDS.timeStampToken);
  const digestAlgorithm = DIGESTS[si.digestAlgorithm.algorithm];
  if (!digestAlgorithm) throw new Error(`unsupported digest ${si.digestAlgorithm.algorithm}`);
  let messageDigest: Buffer | null = null;
  if (md) {
    const node = readNode(Buffer.from(md), 0);
    messageDigest = Buffer.from(md).subarray(node.contentStart, node.end);
  }
  const content = sd.encapContentInfo.eContent?.single ? Buffer.from(sd.encapContentInfo.eContent.single.buffer) : null;
  return {
    certificates,
    signer,
    digestAlgorithm,
    signatureAlgorithm: si.signatureAlgorithm.algorithm,
    messageDigest,
    signedAttributes: rawSignedAttributes(der),
    signature: Buffer.from(si.signature.buffer),
    contentType: sd.encapContentInfo.eContentType,
    content,
    timestampToken: ts ? Buffer.from(ts) : null,
  };
}

/** ContentInfo → [0] → SignedData → signerInfos (last SET) → first SignerInfo → [0] signedAttrs. */
function rawSignedAttributes(der: Buffer): Buffer | null {
  const top = readNode(der, 0);
  const explicit = children(der, top)[1];
  if (!explicit) return null;
  const signedData = children(der, explicit)[0];
  if (!signedData) return null;
  const parts = children(der, signedData);
  const infos = parts[parts.length - 1];
  if (!infos || infos.tag !== 0x31) return null;
  const signerInfo = children(der, infos)[0];
  if (!signerInfo) return null;
  const attrs = children(der, signerInfo).find((n) => n.tag === 0xa0);
  if (!attrs) return null;
  const raw = Buffer.from(der.subarray(attrs.start, attrs.end));
  raw[0] = 0x31;
  return raw;
}
