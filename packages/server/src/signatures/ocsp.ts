import { createHash, sign, type KeyObject } from 'node:crypto';
import { viewCertificate } from './certificate-view.js';
import { body, children, oid, oidString, raw, readNode, seq, tlv } from './der.js';
import { ECDSA_SHA256, keyIdentifier, SHA256, subjectPublicKeyBits } from './x509.js';

/**
 * OCSP (RFC 6960) as Tijori's CA answers it: requests are read and responses written as DER
 * with the small reader in der.ts (no OCSP schema package is installed, and the structures are
 * few). A response is a BasicOCSPResponse signed by the CA that issued the certificates asked
 * about (§2.6: no delegated responder certificate is needed then).
 */

const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const ID_PKIX_OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';
const SHA1 = '1.3.14.3.2.26';
const CERT_ID_HASHES: Record<string, string> = { [SHA1]: 'sha1', [SHA256]: 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512' };

/** OCSPResponseStatus values (§4.2.1) other than successful. */
export const OCSP_STATUS = { malformedRequest: 1, internalError: 2, tryLater: 3, unauthorized: 6 } as const;

export interface CertId {
  /** The CertID exactly as requested: the response repeats it. */
  raw: Buffer;
  /** Node's hash name, or null for an algorithm we do not compute. */
  hash: string | null;
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
  /** Lower-case hex of the serial, leading zero bytes dropped. */
  serialHex: string;
}

export interface OcspRequest {
  certIds: CertId[];
  /** The nonce extension's value as sent (the DER of its OCTET STRING), echoed in the response. */
  nonce: Buffer | null;
}

/** Reads an OCSPRequest; throws on anything malformed (answer `malformedRequest`). */
export function readOcspRequest(der: Buffer): OcspRequest {
  const top = readNode(der, 0);
  if (top.end !== der.length) throw new Error('trailing bytes');
  const tbs = children(der, top)[0];
  if (!tbs || tbs.tag !== 0x30) throw new Error('no TBSRequest');
  const parts = children(der, tbs);
  const list = parts.find((p) => p.tag === 0x30);
  if (!list) throw new Error('no request list');
  const certIds = children(der, list).map((request) => {
    const certId = children(der, request)[0];
    if (!certId) throw new Error('empty request');
    const [alg, nameHash, keyHash, serial] = children(der, certId);
    const algId = alg ? children(der, alg)[0] : undefined;
    if (!algId || algId.tag !== 0x06 || nameHash?.tag !== 0x04 || keyHash?.tag !== 0x04 || serial?.tag !== 0x02) throw new Error('malformed CertID');
    return {
      raw: Buffer.from(raw(der, certId)),
      hash: CERT_ID_HASHES[oidString(raw(der, algId))] ?? null,
      issuerNameHash: Buffer.from(body(der, nameHash)),
      issuerKeyHash: Buffer.from(body(der, keyHash)),
      serialHex: body(der, serial)
        .toString('hex')
        .replace(/^(00)+(?=.)/, ''),
    };
  });
  if (certIds.length === 0) throw new Error('no certificates asked about');
  let nonce: Buffer | null = null;
  const extensions = parts.find((p) => p.tag === 0xa2);
  if (extensions) {
    for (const extension of children(der, children(der, extensions)[0] ?? extensions)) {
      const fields = children(der, extension);
      const id = fields[0];
      const value = fields[fields.length - 1];
      if (id && value && value.tag === 0x04 && oidString(raw(der, id)) === ID_PKIX_OCSP_NONCE) nonce = Buffer.from(body(der, value));
    }
  }
  return { certIds, nonce };
}

/** Whether a CertID names certificates issued by `issuer` (DER): its name and key hashes match. */
export function isIssuedBy(certId: CertId, issuer: Buffer): boolean {
  if (!certId.hash) return false;
  const view = viewCertificate(issuer);
  const keyBits = subjectPublicKeyBits(view.spki);
  return (
    createHash(certId.hash).update(view.subject).digest().equals(certId.issuerNameHash) &&
    createHash(certId.hash).update(keyBits).digest().equals(certId.issuerKeyHash)
  );
}

export type CertStatus = { status: 'good' } | { status: 'revoked'; at: number } | { status: 'unknown' };

function generalizedTime(ms: number): Buffer {
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString();
  return tlv(
    0x18,
    Buffer.from(`${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`, 'latin1'),
  );
}

/** An OCSPResponse with only an error status (no response bytes, nothing signed). */
export function ocspError(status: number): Buffer {
  return seq(tlv(0x0a, Buffer.from([status])));
}

/** A successful OCSPResponse: a BasicOCSPResponse signed by `responder`, which it also carries. */
export function ocspResponse(input: {
  responder: { certificate: Buffer; key: KeyObject };
  answers: { certId: CertId; status: CertStatus }[];
  producedAt: number;
  /** How long the answers may be cached (nextUpdate − thisUpdate). */
  validForMs: number;
  nonce: Buffer | null;
}): Buffer {
  const { producedAt } = input;
  const single = input.answers.map(({ certId, status }) => {
    const certStatus =
      status.status === 'good' ? Buffer.from([0x80, 0x00]) : status.status === 'revoked' ? tlv(0xa1, generalizedTime(status.at)) : Buffer.from([0x82, 0x00]);
    return seq(certId.raw, certStatus, generalizedTime(producedAt), tlv(0xa0, generalizedTime(producedAt + input.validForMs)));
  });
  const responderKeyHash = keyIdentifier(viewCertificate(input.responder.certificate).spki);
  const extensions = input.nonce ? [tlv(0xa1, seq(seq(oid(ID_PKIX_OCSP_NONCE), tlv(0x04, input.nonce))))] : [];
  const responseData = seq(tlv(0xa2, tlv(0x04, responderKeyHash)), generalizedTime(producedAt), seq(...single), ...extensions);
  const signature = sign('sha256', responseData, { key: input.responder.key, dsaEncoding: 'der' });
  const basic = seq(responseData, seq(oid(ECDSA_SHA256)), tlv(0x03, Buffer.from([0]), signature), tlv(0xa0, seq(input.responder.certificate)));
  return seq(tlv(0x0a, Buffer.from([0])), tlv(0xa0, seq(oid(ID_PKIX_OCSP_BASIC), tlv(0x04, basic))));
}
