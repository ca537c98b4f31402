import { randomBytes } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { MessageImprint, TimeStampReq } from '@peculiar/asn1-tsp';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { children, readNode } from '../der.js';
import { readCms, readTstInfo } from '../read-cms.js';
import { SHA256 } from '../x509.js';
import type { TimestampAuthority } from './timestamp-authority.js';

/**
 * An external RFC 3161 time-stamping authority over HTTP (RFC 3161 §3.4): POST a
 * TimeStampReq as application/timestamp-query, get a TimeStampResp back. The token is taken
 * byte for byte from the response (its signature covers those bytes) after checking that it
 * is granted, over our hash, and carries our nonce.
 */
export function httpTsa(url: string, options: { timeoutMs?: number } = {}): TimestampAuthority {
  return {
    async timestamp(sha256) {
      const nonce = randomBytes(8);
      nonce[0] = (nonce[0]! & 0x7f) | 0x01;
      const request = new TimeStampReq({
        messageImprint: new MessageImprint({ hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA256 }), hashedMessage: new OctetString(sha256) }),
        nonce: nonce.buffer.slice(nonce.byteOffset, nonce.byteOffset + 8) as ArrayBuffer,
        certReq: true,
      });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
        body: Buffer.from(AsnConvert.serialize(request)),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!res.ok) throw new Error(`the time-stamping authority answered HTTP ${res.status}`);
      return tokenFromResponse(Buffer.from(await res.arrayBuffer()), sha256, nonce);
    },
  };
}

/** TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }. */
export function tokenFromResponse(der: Buffer, sha256: Buffer, nonce: Buffer): Buffer {
  const [statusInfo, token] = children(der, readNode(der, 0));
  if (!statusInfo) throw new Error('the time-stamping authority sent no status');
  const status = children(der, statusInfo)[0];
  const code = status ? der[status.end - 1] : undefined;
  if (code !== 0 && code !== 1) throw new Error(`the time-stamping authority refused the request (status ${code})`);
  if (!token) throw new Error('the time-stamping authority granted no token');
  const bytes = Buffer.from(der.subarray(token.start, token.end));
  const cms = readCms(bytes);
  if (!cms.content) throw new Error('the timestamp token has no TSTInfo');
  const info = readTstInfo(cms.content);
  if (!info.imprint.equals(sha256)) throw new Error('the timestamp is over another hash');
  if (!info.nonce || !info.nonce.equals(nonce)) throw new Error('the timestamp does not carry our nonce');
  return bytes;
}
