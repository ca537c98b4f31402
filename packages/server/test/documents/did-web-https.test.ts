import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The https URL of a did:web DID's document (W3C did:web method: `:` → `/`, percent-decoded). */
function didWebUrl(did: string): string {
  const [host, ...rest] = did
    .replace(/^did:web:/, '')
    .split(':')
    .map(decodeURIComponent);
  return `https://${host}/${rest.length ? rest.join('/') : '.well-known'}/did.json`;
}

function getJson(url: string, ca: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${url}: HTTP ${res.statusCode} ${body}`))));
      })
      .on('error', reject);
  });
}

/**
 * Tijori behind a TLS-terminating proxy that serves it under /tijori on 127.0.0.1, with a
 * self-signed certificate made here: an issued credential's kid resolves as any did:web
 * resolver does it, over HTTPS, trusting only that certificate.
 */
describe('did:web resolution over HTTPS behind a proxy', () => {
  let t: TestApp;
  let proxy: https.Server;
  let ca: string;
  let origin: string;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijori-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        `${dir}/key.pem`,
        '-out',
        `${dir}/cert.pem`,
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    ca = fs.readFileSync(`${dir}/cert.pem`, 'utf8');
    let upstream = 0;
    proxy = https.createServer({ key: fs.readFileSync(`${dir}/key.pem`), cert: ca }, (req, res) => {
      if (!req.url?.startsWith('/tijori/')) return void res.writeHead(404).end();
      const forwarded = http.request(
        {
          host: '127.0.0.1',
          port: upstream,
          method: req.method,
          path: req.url.slice('/tijori'.length),
          headers: { ...req.headers, 'x-forwarded-proto': 'https' },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(forwarded);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    t = await startTestApp('sqlite', { env: { TIJORI_SEED_DEMO: 'true', TIJORI_PUBLIC_URL: `${origin}/tijori` } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    upstream = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve));
    await t?.close();
  });

  it('turns the public URL into the DID, and the kid of an issued credential into its key, whose signature verifies', async () => {
    const staff = await staffToken(t, 'transport');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/issuers/in.gov.transport/documents',
      headers: bearer(staff),
      payload: {
        docType: 'DRVLC',
        docId: 'GJ0120260000601',
        holder: { mobile: '9876500006', name: 'Kiran Das' },
        fields: { licenceNo: 'GJ0120260000601' },
        issuedOn: '2026-01-10',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { credential } = await t.runtime.db.kysely
      .selectFrom('document_versions')
      .innerJoin('issued_documents', 'issued_documents.id', 'document_versions.document_id')
      .select('document_versions.credential')
      .where('issued_documents.uri', '=', 'in.gov.transport-DRVLC-GJ0120260000601')
      .executeTakeFirstOrThrow();

    const { kid } = decodeProtectedHeader(credential);
    const did = kid!.split('#')[0]!;
    const port = new URL(origin).port;
    expect(did).toBe(`did:web:127.0.0.1%3A${port}:tijori:issuers:in.gov.transport`);
    expect(didWebUrl(did)).toBe(`${origin}/tijori/issuers/in.gov.transport/did.json`);

    const doc = (await getJson(didWebUrl(did), ca)) as { id: string; verificationMethod: { id: string; publicKeyJwk: JWK }[]; assertionMethod: string[] };
    expect(doc.id).toBe(did);
    expect(doc.assertionMethod).toContain(kid);
    const method = doc.verificationMethod.find((m) => m.id === kid)!;
    const { payload } = await compactVerify(credential, await importJWK(method.publicKeyJwk, decodeProtectedHeader(credential).alg));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ iss: did, credentialSubject: { uri: 'in.gov.transport-DRVLC-GJ0120260000601' } });

    // Without the test's certificate trusted, the resolver refuses the connection.
    await expect(getJson(didWebUrl(did), '')).rejects.toThrow(/self[- ]signed|certificate/i);
  });
});
