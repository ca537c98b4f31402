import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsnConvert } from '@peculiar/asn1-schema';
import { TimeStampReq, TSTInfo } from '@peculiar/asn1-tsp';
import { seq, tlv } from '../der.js';
import { readCms } from '../read-cms.js';
import { issueCertificate } from '../x509.js';
import { httpTsa } from './http-tsa.js';
import { answerTimestampRequest, timestampToken } from './standin-tsa.js';

describe('httpTsa against an RFC 3161 server (the stand-in over HTTP)', () => {
  const k = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const certificate = issueCertificate({
    serial: randomBytes(16),
    subject: { CN: 'TSA' },
    publicKey: k.publicKey,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    profile: { kind: 'tsa' },
    selfKey: k.privateKey,
  });
  let server: http.Server;
  let url = '';
  let tamper = false;
  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      const body = Buffer.concat(await req.toArray());
      if (req.headers['content-type'] !== 'application/timestamp-query') return void res.writeHead(415).end();
      const signer = { certificate, key: k.privateKey, chain: [] };
      // With `tamper`, a granted token for another hash (a replayed or substituted token).
      const reply = tamper
        ? seq(seq(tlv(0x02, Buffer.from([0]))), await timestampToken(signer, Date.now(), randomBytes(32), AsnConvert.parse(body, TimeStampReq).nonce))
        : await answerTimestampRequest(signer, Date.now(), body);
      res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(reply);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('returns the token over our hash with our nonce, byte for byte as sent', async () => {
    const sha = createHash('sha256').update('signature value').digest();
    const token = await httpTsa(url).timestamp(sha);
    const info = AsnConvert.parse(readCms(token).content!, TSTInfo);
    expect(Buffer.from(info.messageImprint.hashedMessage.buffer).equals(sha)).toBe(true);
    expect(info.nonce).toBeDefined();
  });

  it('refuses a token over another hash, and an HTTP error', async () => {
    tamper = true;
    await expect(httpTsa(url).timestamp(createHash('sha256').update('x').digest())).rejects.toThrow(/another hash/);
    tamper = false;
    await expect(httpTsa('http://127.0.0.1:1/tsa', { timeoutMs: 2000 }).timestamp(randomBytes(32))).rejects.toThrow();
  });
});
