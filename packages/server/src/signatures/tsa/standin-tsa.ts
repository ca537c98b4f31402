import { randomBytes } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { MessageImprint, TSTInfo, Accuracy, TimeStampReq } from '@peculiar/asn1-tsp';
import { seq, tlv } from '../der.js';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { createHash } from 'node:crypto';
import { buildSignedData, OIDS, type CmsSigner } from '../cms.js';
import { SHA256 } from '../x509.js';
import type { TimestampAuthority } from './timestamp-authority.js';

/**
 * Tijori's own time-stamping service: the stand-in for an accredited TSA. Its certificate is
 * issued by Tijori's issuing CA with the critical timeStamping purpose, so a verifier holding
 * Tijori's root checks the timestamp like any other (`openssl ts -verify`).
 */
export const TIJORI_TSA_POLICY = '2.25.216477383417311658245627346611387155911';

export function standInTsa(signer: () => Promise<CmsSigner>, now: () => number): TimestampAuthority {
  return { timestamp: async (sha256) => timestampToken(await signer(), now(), sha256) };
}

/** A TimeStampToken over a SHA-256, with the requester's nonce when given. */
export function timestampToken(signer: CmsSigner, at: number, sha256: Buffer, nonce?: ArrayBuffer): Promise<Buffer> {
  const info = new TSTInfo({
    policy: TIJORI_TSA_POLICY,
    messageImprint: new MessageImprint({ hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA256 }), hashedMessage: new OctetString(sha256) }),
    serialNumber: positive(randomBytes(16)),
    genTime: new Date(Math.floor(at / 1000) * 1000),
    accuracy: new Accuracy({ seconds: 1 }),
    ...(nonce ? { nonce } : {}),
  });
  const der = Buffer.from(AsnConvert.serialize(info));
  return buildSignedData({ signer, contentType: OIDS.tstInfo, digest: createHash('sha256').update(der).digest(), embedded: der });
}

/** The stand-in's answer to an RFC 3161 request (a TimeStampResp), for serving it over HTTP. */
export async function answerTimestampRequest(signer: CmsSigner, at: number, request: Buffer): Promise<Buffer> {
  const req = AsnConvert.parse(request, TimeStampReq);
  if (req.messageImprint.hashAlgorithm.algorithm !== SHA256) return seq(seq(tlv(0x02, Buffer.from([2]))));
  const token = await timestampToken(signer, at, Buffer.from(req.messageImprint.hashedMessage.buffer), req.nonce);
  return seq(seq(tlv(0x02, Buffer.from([0]))), token);
}

function positive(b: Buffer): ArrayBuffer {
  b[0] = b[0]! & 0x7f || 1;
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
}
