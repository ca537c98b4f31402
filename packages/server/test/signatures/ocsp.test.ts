import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainDeps } from '../../src/app.js';
import type { DomainDeps } from '../../src/domain/context.js';
import { pkiUrls, tijoriCa } from '../../src/domain/signatures/tijori-ca.js';
import { viewCertificate } from '../../src/signatures/certificate-view.js';
import { issueCertificate, toPem } from '../../src/signatures/x509.js';
import { DIALECTS } from '../support/dialects.js';
import { startTestApp, tempDir, type TestApp } from '../support/test-app.js';
import { openssl } from './pdf-helpers.js';

for (const dialect of DIALECTS) {
  describe(`OCSP responder of Tijori's issuing CA, checked with openssl ocsp [${dialect}]`, () => {
    let t: TestApp;
    let deps: DomainDeps;
    let dir: string;
    const file = (name: string) => path.join(dir, name);

    /** A certificate from the issuing CA, recorded as issued unless `unrecorded`. */
    async function issue(name: string, unrecorded = false): Promise<string> {
      const ca = await tijoriCa(deps);
      const urls = pkiUrls(deps.publicUrl);
      const now = Date.now();
      const certificate = issueCertificate({
        serial: randomBytes(16),
        subject: { CN: name },
        publicKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey,
        notBefore: new Date(now - 60_000),
        notAfter: new Date(now + 86_400_000),
        profile: { kind: 'document-signing' },
        issuer: ca.issuing,
        issuerUrls: { certificate: urls.issuingCertificate, crl: urls.issuingCrl, ocsp: urls.ocsp },
      });
      const serial = viewCertificate(certificate).serialHex;
      if (!unrecorded) {
        await deps.repos.pki.insertCertificate({
          serial,
          purpose: 'esign',
          issuer_id: null,
          resident_id: null,
          subject: name,
          certificate,
          private_sealed: null,
          created_at: now,
          not_after: now + 86_400_000,
          revoked_at: null,
        });
      }
      await fs.writeFile(file(`${name}.pem`), toPem(certificate));
      return serial;
    }

    /** Asks about `name` (openssl builds the request), by POST or GET; returns openssl's check of the answer. */
    async function ask(name: string, method: 'POST' | 'GET' = 'POST'): Promise<string> {
      const made = openssl(['ocsp', '-issuer', file('issuing.pem'), '-cert', file(`${name}.pem`), '-reqout', file('req.der')]);
      expect(made.status, made.output).toBe(0);
      const req = await fs.readFile(file('req.der'));
      const res =
        method === 'POST'
          ? await t.app.inject({ method: 'POST', url: '/pki/ocsp', headers: { 'content-type': 'application/ocsp-request' }, payload: req })
          : await t.app.inject({ method: 'GET', url: `/pki/ocsp/${encodeURIComponent(req.toString('base64'))}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/ocsp-response');
      await fs.writeFile(file('resp.der'), res.rawPayload);
      // The request carried a nonce: the answer must echo it.
      expect(openssl(['ocsp', '-respin', file('resp.der'), '-resp_text', '-noverify']).output).toContain('OCSP Nonce');
      return openssl([
        'ocsp',
        '-respin',
        file('resp.der'),
        '-issuer',
        file('issuing.pem'),
        '-cert',
        file(`${name}.pem`),
        '-CAfile',
        file('root.pem'),
        '-no_nonce',
      ]).output;
    }

    beforeAll(async () => {
      t = await startTestApp(dialect);
      deps = createDomainDeps(t.runtime);
      dir = await tempDir('tijori-ocsp-');
      for (const [name, url] of [
        ['root.pem', '/pki/tijori-root-ca.pem'],
        ['issuing.pem', '/pki/tijori-issuing-ca.pem'],
      ] as const) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(200);
        await fs.writeFile(file(name), res.body);
      }
    });
    afterAll(async () => t?.close());

    it('names the responder in issued certificates and answers good, then revoked after a revocation (POST and GET)', async () => {
      const serial = await issue('asha');
      expect(openssl(['x509', '-in', file('asha.pem'), '-noout', '-ocsp_uri']).output.trim()).toBe(`${deps.publicUrl}/pki/ocsp`);

      const good = await ask('asha');
      expect(good).toContain('Response verify OK');
      expect(good).toMatch(/asha\.pem: good/);
      expect(await ask('asha', 'GET')).toMatch(/asha\.pem: good/);

      expect(await deps.repos.pki.revoke(serial, Date.now() - 5_000)).toBe(true);
      const revoked = await ask('asha');
      expect(revoked).toContain('Response verify OK');
      expect(revoked).toMatch(/asha\.pem: revoked/);
      expect(revoked).toContain('Revocation Time');
      expect(await ask('asha', 'GET')).toMatch(/asha\.pem: revoked/);
    });

    it('answers unknown for a serial the CA never recorded, and a coded OCSP error for garbage or another CA', async () => {
      await issue('stranger', true);
      const unknown = await ask('stranger');
      expect(unknown).toContain('Response verify OK');
      expect(unknown).toMatch(/stranger\.pem: unknown/);

      const garbage = await t.app.inject({
        method: 'POST',
        url: '/pki/ocsp',
        headers: { 'content-type': 'application/ocsp-request' },
        payload: Buffer.from('not DER'),
      });
      expect(garbage.statusCode).toBe(200);
      await fs.writeFile(file('bad.der'), garbage.rawPayload);
      expect(openssl(['ocsp', '-respin', file('bad.der'), '-resp_text', '-noverify']).output).toMatch(/malformedrequest/i);

      // The issuing CA's own certificate is the root's to answer for, not this responder's.
      const made = openssl(['ocsp', '-issuer', file('root.pem'), '-cert', file('issuing.pem'), '-reqout', file('req-root.der')]);
      expect(made.status, made.output).toBe(0);
      const other = await t.app.inject({
        method: 'POST',
        url: '/pki/ocsp',
        headers: { 'content-type': 'application/ocsp-request' },
        payload: await fs.readFile(file('req-root.der')),
      });
      await fs.writeFile(file('other.der'), other.rawPayload);
      expect(openssl(['ocsp', '-respin', file('other.der'), '-resp_text', '-noverify']).output).toMatch(/unauthorized/i);

      const wrongType = await t.app.inject({ method: 'POST', url: '/pki/ocsp', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
      expect(wrongType.statusCode).toBe(415);
    });
  });
}
