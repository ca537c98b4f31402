import { id_signedData } from '@peculiar/asn1-cms';
import { viewCertificate, type CertificateView } from './certificate-view.js';
import { body, children, oid, oidString, raw, readNode, readTime, type Node } from './der.js';
import { OIDS } from './cms.js';
import { SHA256 } from './x509.js';

const SIGNED_DATA_OID = oid(id_signedData);

const DIGESTS: Record<string, string> = {
  [SHA256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

export interface ParsedCms {
  certificates: CertificateView[];
  signer: CertificateView | null;
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

/**
 * Reads a CMS SignedData (RFC 5652; the first signer) as a verifier needs it, straight from
 * the DER: every part is the exact bytes in the blob (a verifier must hash what is there, never
 * a re-encoding), and nothing is parsed that verification does not use. Throws on anything
 * malformed.
 */
export function readCms(der: Buffer): ParsedCms {
  const [type, explicit] = children(der, readNode(der, 0));
  if (!type || !explicit || !raw(der, type).equals(SIGNED_DATA_OID)) throw new Error('not a SignedData');
  const signedData = children(der, explicit)[0];
  if (!signedData || signedData.tag !== 0x30) throw new Error('empty SignedData');
  const parts = children(der, signedData);
  const encap = parts[2];
  const infos = parts[parts.length - 1];
  if (!encap || !infos || infos.tag !== 0x31) throw new Error('malformed SignedData');
  const certificates = parts
    .filter((p) => p.tag === 0xa0)
    .flatMap((set) => children(der, set).filter((c) => c.tag === 0x30))
    .map((c) => viewCertificate(raw(der, c)));

  const [eType, eExplicit] = children(der, encap);
  if (!eType) throw new Error('no content type');
  let content: Buffer | null = null;
  if (eExplicit) {
    const octets = children(der, eExplicit)[0];
    if (octets?.tag === 0x04) content = Buffer.from(body(der, octets));
    else if (octets?.tag === 0x24) content = Buffer.concat(children(der, octets).map((c) => body(der, c)));
  }

  const signerInfo = children(der, infos)[0];
  if (!signerInfo) throw new Error('no signer');
  const si = children(der, signerInfo);
  const [, sid, digestAlg] = si;
  if (!sid || !digestAlg) throw new Error('malformed SignerInfo');
  let at = 3;
  const signedAttrs = si[at]?.tag === 0xa0 ? si[at++] : undefined;
  const sigAlg = si[at++];
  const signature = si[at++];
  const unsignedAttrs = si[at]?.tag === 0xa1 ? si[at] : undefined;
  if (!sigAlg || !signature || signature.tag !== 0x04) throw new Error('malformed SignerInfo');

  const digestAlgorithm = DIGESTS[algorithmOf(der, digestAlg)];
  if (!digestAlgorithm) throw new Error(`unsupported digest ${algorithmOf(der, digestAlg)}`);
  const messageDigest = firstValue(der, signedAttrs, OIDS.messageDigest);
  const token = firstValue(der, unsignedAttrs, OIDS.timeStampToken, true);

  let signer: CertificateView | null = null;
  if (sid.tag === 0x30) {
    const [issuer, serial] = children(der, sid);
    if (issuer && serial) {
      const serialBytes = body(der, serial);
      const issuerBytes = raw(der, issuer);
      signer = certificates.find((c) => c.issuer.equals(issuerBytes) && c.serial.equals(serialBytes)) ?? null;
    }
  } else if (sid.tag === 0x80) {
    // subjectKeyIdentifier: match on the key of each carried certificate is not needed by any
    // signer Tijori meets; such a signature reports "the signer's certificate is not in it".
    signer = null;
  }
  let signedAttributes: Buffer | null = null;
  if (signedAttrs) {
    signedAttributes = Buffer.from(raw(der, signedAttrs));
    signedAttributes[0] = 0x31;
  }
  return {
    certificates,
    signer,
    digestAlgorithm,
    signatureAlgorithm: algorithmOf(der, sigAlg),
    messageDigest,
    signedAttributes,
    signature: Buffer.from(body(der, signature)),
    contentType: oidString(raw(der, eType)),
    content,
    timestampToken: token,
  };
}

function algorithmOf(der: Buffer, algorithmIdentifier: Node): string {
  const id = children(der, algorithmIdentifier)[0];
  if (!id || id.tag !== 0x06) throw new Error('malformed AlgorithmIdentifier');
  return oidString(raw(der, id));
}

/** The first value of an attribute in a [0]/[1] attribute set: its content, or (`whole`) its bytes. */
function firstValue(der: Buffer, set: Node | undefined, type: string, whole = false): Buffer | null {
  if (!set) return null;
  const wanted = oid(type);
  for (const attr of children(der, set)) {
    const [t, values] = children(der, attr);
    if (!t || !values || !raw(der, t).equals(wanted)) continue;
    const value = children(der, values)[0];
    if (!value) return null;
    return Buffer.from(whole ? raw(der, value) : body(der, value));
  }
  return null;
}

/** TSTInfo (RFC 3161 §2.4.2): version, policy, messageImprint, serialNumber, genTime, … */
export function readTstInfo(der: Buffer): { imprintAlgorithm: string; imprint: Buffer; genTime: number; nonce: Buffer | null } {
  const parts = children(der, readNode(der, 0));
  const [, , imprint, , genTime] = parts;
  if (!imprint || !genTime || genTime.tag !== 0x18) throw new Error('malformed TSTInfo');
  const [alg, hashed] = children(der, imprint);
  const algId = alg ? children(der, alg)[0] : undefined;
  if (!algId || !hashed || hashed.tag !== 0x04) throw new Error('malformed message imprint');
  const nonce = parts.slice(5).find((p) => p.tag === 0x02);
  return {
    imprintAlgorithm: oidString(raw(der, algId)),
    imprint: Buffer.from(body(der, hashed)),
    genTime: readTime(der, genTime),
    nonce: nonce ? Buffer.from(body(der, nonce)) : null,
  };
}
