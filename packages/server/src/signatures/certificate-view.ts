import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { body, children, oidString, raw, readNode, readTime, type Node } from './der.js';

/**
 * An X.509 certificate read straight from its DER: the exact bytes of each part a verifier
 * compares or checks (the signed TBS, issuer and subject names, the public key), without
 * re-encoding anything. Reading one costs microseconds, where the schema library's parse and
 * re-serialisation cost milliseconds; its full structure is parsed only when a name is shown.
 */
export interface CertificateView {
  der: Buffer;
  tbs: Buffer;
  /** INTEGER content of the serial number. */
  serial: Buffer;
  /** Lower-case hex of the serial, leading zero bytes dropped (as signing_certificates keys it). */
  serialHex: string;
  issuer: Buffer;
  subject: Buffer;
  notBefore: number;
  notAfter: number;
  /** SubjectPublicKeyInfo (DER). */
  spki: Buffer;
  signatureAlgorithm: string;
  signature: Buffer;
  publicKey(): KeyObject;
  /** The common name (or organisation) of the subject / issuer, for people to read. */
  subjectName(): string;
  issuerName(): string;
  organization(): string | null;
}

const views = new Map<string, CertificateView>();
const VIEWS_KEPT = 2000;

/** Reads a certificate; the same bytes give the same (cached) view, with its key imported once. */
export function viewCertificate(der: Buffer): CertificateView {
  const key = der.toString('base64');
  const hit = views.get(key);
  if (hit) return hit;
  const view = readView(Buffer.from(der));
  if (views.size >= VIEWS_KEPT) views.delete(views.keys().next().value!);
  views.set(key, view);
  return view;
}

function readView(der: Buffer): CertificateView {
  const [tbsNode, algNode, sigNode] = children(der, readNode(der, 0));
  if (!tbsNode || !algNode || !sigNode || sigNode.tag !== 0x03) throw new Error('not a certificate');
  const parts = children(der, tbsNode);
  const offset = parts[0]?.tag === 0xa0 ? 1 : 0;
  const [serial, , issuer, validity, subject, spki] = parts.slice(offset);
  if (!serial || !issuer || !validity || !subject || !spki) throw new Error('not a certificate');
  const [nb, na] = children(der, validity);
  if (!nb || !na) throw new Error('certificate without validity');
  const serialBytes = Buffer.from(body(der, serial));
  let key: KeyObject | undefined;
  return {
    der,
    tbs: raw(der, tbsNode),
    serial: serialBytes,
    serialHex: serialBytes.toString('hex').replace(/^(00)+(?=.)/, ''),
    issuer: raw(der, issuer),
    subject: raw(der, subject),
    notBefore: readTime(der, nb),
    notAfter: readTime(der, na),
    spki: raw(der, spki),
    signatureAlgorithm: oidString(raw(der, children(der, algNode)[0]!)),
    signature: body(der, sigNode).subarray(1),
    publicKey: () => (key ??= createPublicKey({ key: raw(der, spki), format: 'der', type: 'spki' })),
    subjectName: () => nameOf(der, subject),
    issuerName: () => nameOf(der, issuer),
    organization: () => attributeOf(der, subject, ORGANIZATION),
  };
}

const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';

/** The first value of an attribute type in a distinguished name, as text. */
function attributeOf(der: Buffer, name: Node, type: string): string | null {
  for (const rdn of children(der, name)) {
    for (const atv of children(der, rdn)) {
      const [t, value] = children(der, atv);
      if (!t || !value || oidString(raw(der, t)) !== type) continue;
      const content = body(der, value);
      // BMPString is UTF-16BE; UTF8String, PrintableString, IA5String and the rest read as UTF-8.
      return value.tag === 0x1e ? Buffer.from(content).swap16().toString('utf16le') : content.toString('utf8');
    }
  }
  return null;
}

/** The common name of a distinguished name, else its organisation. */
function nameOf(der: Buffer, name: Node): string {
  return attributeOf(der, name, COMMON_NAME) || attributeOf(der, name, ORGANIZATION) || '';
}

const HASH_OF_SIGNATURE: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

/** Node's hash name for a signature algorithm OID (ECDSA or RSA PKCS#1 v1.5), or undefined. */
export function hashOfSignature(algorithm: string): string | undefined {
  return HASH_OF_SIGNATURE[algorithm];
}

const signedBy = new Map<string, boolean>();

/** Whether `child` carries a valid signature by `parent`'s key over its exact TBS bytes (remembered). */
export function isSignedBy(child: CertificateView, parent: CertificateView): boolean {
  const key = `${child.der.toString('base64')}|${parent.spki.toString('base64')}`;
  const known = signedBy.get(key);
  if (known !== undefined) return known;
  let ok = false;
  const hash = HASH_OF_SIGNATURE[child.signatureAlgorithm];
  try {
    ok = hash !== undefined && verify(hash, child.tbs, { key: parent.publicKey(), dsaEncoding: 'der' }, child.signature);
  } catch {
    ok = false;
  }
  if (signedBy.size >= VIEWS_KEPT) signedBy.delete(signedBy.keys().next().value!);
  signedBy.set(key, ok);
  return ok;
}
