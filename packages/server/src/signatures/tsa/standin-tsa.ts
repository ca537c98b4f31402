import { randomBytes } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { MessageImprint, TSTInfo, Accuracy } from '@peculiar/asn1-tsp';
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
  return {
    async timestamp(sha256) {
      const info = new TSTInfo({
        policy: TIJORI_TSA_POLICY,
        messageImprint: new MessageImprint({ hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA256 }), hashedMessage: new OctetString(sha256) }),
        serialNumber: positive(randomBytes(16)),
        genTime: new Date(Math.floor(now() / 1000) * 1000),
        accuracy: new Accuracy({ seconds: 1 }),
      });
      const der = Buffer.from(AsnConvert.serialize(info));
      return buildSignedData({ signer: await signer(), contentType: OIDS.tstInfo, digest: createHash('sha256').update(der).digest(), embedded: der });
    },
  };
}

function positive(b: Buffer): ArrayBuffer {
  b[0] = b[0]! & 0x7f || 1;
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
}
