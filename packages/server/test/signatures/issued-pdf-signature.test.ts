import fs from 'node:fs/promises';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { readCms } from '../../src/signatures/read-cms.js';
import { findSignatures } from '../../src/signatures/pdf/read-signatures.js';
import { toPem } from '../../src/signatures/x509.js';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, sandboxResident, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, tempDir, type TestApp } from '../support/test-app.js';
import { freePort, nssWithRoot, openssl, pdfsig } from './pdf-helpers.js';

for (const dialect of DIALECTS) {
  describe(`signed issued-document PDFs, checked by independent verifiers [${dialect}]`, () => {
    let t: TestApp;
    let cookie: string;
    let uri: string;
    let pdf: Buffer;
    let rootPem: string;
    beforeAll(async () => {
      // Reachable at its public URL: pdfsig checks the certificates with the OCSP responder they name.
      const port = await freePort();
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true', TIJORI_PUBLIC_URL: `http://127.0.0.1:${port}` } });
      await t.app.listen({ port, host: '127.0.0.1' });
      const demo = await sandboxResident(t, 0);
      const record = DEMO_RECORDS.find((r) => r.aadhaarNumber === demo.aadhaarNumber && r.orgId === 'in.gov.cbse')!;
      const r = await signUp(t);
      cookie = r.cookie;
      await linkAadhaar(t, cookie, demo.aadhaarNumber, demo.mobile);
      const pulled = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/pull',
        headers: { cookie },
        payload: { orgId: record.orgId, docType: record.docType, parameters: record.parameters, consent: true },
      });
      expect(pulled.statusCode, pulled.body).toBe(201);
      uri = pulled.json().uri as string;
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${uri}/pdf`, headers: { cookie } });
      expect(res.statusCode).toBe(200);
      pdf = res.rawPayload;
      const root = await t.app.inject({ method: 'GET', url: '/pki/tijori-root-ca.pem' });
      expect(root.statusCode).toBe(200);
      expect(root.headers['content-type']).toContain('application/x-pem-file');
      rootPem = root.body;
    });
    afterAll(async () => t?.close());

    it('pdfsig, with only Tijori’s published root trusted, finds the signature valid and the certificate trusted; one changed byte makes it invalid', async () => {
      const nss = await nssWithRoot(rootPem);
      const report = await pdfsig(nss, pdf);
      expect(report).toContain('Signature Type: ETSI.CAdES.detached');
      expect(report).toContain('Signature Validation: Signature is Valid.');
      expect(report).toContain('Certificate Validation: Certificate is Trusted.');
      expect(report).toContain('Total document signed');

      const [sig] = findSignatures(pdf);
      const changed = Buffer.from(pdf);
      // A byte inside the first signed range (the file's info dictionary), away from the signature.
      const at = changed.indexOf('/Producer');
      expect(at).toBeGreaterThan(0);
      expect(at).toBeLessThan(sig!.byteRange[1]);
      changed[at + 12] = changed[at + 12]! ^ 1;
      const after = await pdfsig(nss, changed);
      expect(after).not.toContain('Signature is Valid.');
      expect(after).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
    });

    it('openssl cms -verify accepts the extracted CMS with the CA chain, and openssl ts -verify accepts its timestamp', async () => {
      const dir = await tempDir('tijori-openssl-');
      const [sig] = findSignatures(pdf);
      const [a, b, c, d] = sig!.byteRange;
      await fs.writeFile(path.join(dir, 'sig.der'), sig!.cms);
      await fs.writeFile(path.join(dir, 'signed.bin'), Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]));
      await fs.writeFile(path.join(dir, 'root.pem'), rootPem);
      const issuing = await t.app.inject({ method: 'GET', url: '/pki/tijori-issuing-ca.cer' });
      expect(issuing.headers['content-type']).toContain('application/pkix-cert');
      await fs.writeFile(path.join(dir, 'issuing.pem'), toPem(issuing.rawPayload));

      const cms = openssl([
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        path.join(dir, 'sig.der'),
        '-content',
        path.join(dir, 'signed.bin'),
        '-CAfile',
        path.join(dir, 'root.pem'),
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ]);
      expect(cms.output).toContain('Verification successful');
      expect(cms.status).toBe(0);

      const parsed = readCms(sig!.cms);
      expect(parsed.timestampToken).not.toBeNull();
      await fs.writeFile(path.join(dir, 'token.der'), parsed.timestampToken!);
      await fs.writeFile(path.join(dir, 'signature-value.bin'), parsed.signature);
      const ts = openssl([
        'ts',
        '-verify',
        '-token_in',
        '-in',
        path.join(dir, 'token.der'),
        '-data',
        path.join(dir, 'signature-value.bin'),
        '-CAfile',
        path.join(dir, 'root.pem'),
        '-untrusted',
        path.join(dir, 'issuing.pem'),
      ]);
      expect(ts.output).toContain('Verification: OK');

      // The same check fails for a timestamp over something else.
      await fs.writeFile(path.join(dir, 'other.bin'), 'not the signature');
      const wrong = openssl([
        'ts',
        '-verify',
        '-token_in',
        '-in',
        path.join(dir, 'token.der'),
        '-data',
        path.join(dir, 'other.bin'),
        '-CAfile',
        path.join(dir, 'root.pem'),
        '-untrusted',
        path.join(dir, 'issuing.pem'),
      ]);
      expect(wrong.output).not.toContain('Verification: OK');
    });

    it('POST /api/v1/verify/pdf reports the signature: issuer, timestamp, intact, chained to Tijori, nothing appended', async () => {
      const verify = (body: Buffer) =>
        t.app.inject({ method: 'POST', url: '/api/v1/verify/pdf', headers: { 'content-type': 'application/pdf' }, payload: body });
      const res = (await verify(pdf)).json();
      expect(res.verdict).toBe('genuine');
      expect(res.signatures.modifiedAfterLastSignature).toBe(false);
      expect(res.signatures.signatures).toHaveLength(1);
      const [s] = res.signatures.signatures;
      expect(s).toMatchObject({
        level: 'PAdES-B-T',
        format: 'ETSI.CAdES.detached',
        intact: true,
        valid: true,
        coversWholeDocument: true,
        certificate: { chainsToTijori: true, validAtSigningTime: true, revoked: false },
        timestamp: { valid: true, trusted: true, authority: 'Tijori Time-Stamping Authority' },
        problem: null,
      });
      expect(s.signer.name).toBe(res.document.issuer.name);
      expect(s.certificate.path).toEqual([res.document.issuer.name, 'Tijori Issuing CA', 'Tijori Root CA']);

      const changed = Buffer.from(pdf);
      const at = changed.indexOf('/Producer') + 12;
      changed[at] = changed[at]! ^ 1;
      const bad = (await verify(changed)).json();
      expect(bad.signatures.signatures[0]).toMatchObject({ intact: false, valid: false, problem: 'the signed bytes have changed since signing' });

      const appended = Buffer.concat([pdf, Buffer.from('1000 0 obj\n(added later)\nendobj\n')]);
      const later = (await verify(appended)).json();
      expect(later.signatures.modifiedAfterLastSignature).toBe(true);
      expect(later.signatures.signatures[0]).toMatchObject({ intact: true, coversWholeDocument: false });
    });

    it('answers damaged or unknown input with a report or a coded 4xx, never a 500', async () => {
      const verify = (body: Buffer) =>
        t.app.inject({ method: 'POST', url: '/api/v1/verify/pdf', headers: { 'content-type': 'application/pdf' }, payload: body });
      for (const body of [
        pdf.subarray(0, pdf.length - 700),
        pdf.subarray(0, Math.floor(pdf.length / 2)),
        Buffer.from('%PDF-1.7\n/ByteRange [0 5 9 99999] /Contents <30>\n'),
      ]) {
        const res = await verify(body);
        expect(res.statusCode).toBe(200);
        for (const s of res.json().signatures?.signatures ?? []) expect(s.valid).toBe(false);
      }
      const missing = await t.app.inject({ method: 'GET', url: '/pki/tijori-other.cer' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('not_found');
    });

    it('publishes a CRL that lists a revoked certificate, and a revoked document’s next download says so on the page', async () => {
      const [sig] = findSignatures(pdf);
      const signer = readCms(sig!.cms).signer!;
      const serial = signer.serial.toString('hex').replace(/^(00)+/, '');
      await t.runtime.db.kysely.updateTable('signing_certificates').set({ revoked_at: Date.now() }).where('serial', '=', serial).execute();
      const crl = await t.app.inject({ method: 'GET', url: '/pki/tijori-issuing-ca.crl' });
      expect(crl.headers['content-type']).toContain('application/pkix-crl');
      const dir = await tempDir('tijori-crl-');
      await fs.writeFile(path.join(dir, 'ca.crl'), crl.rawPayload);
      const text = openssl(['crl', '-inform', 'DER', '-in', path.join(dir, 'ca.crl'), '-noout', '-text'])
        .output.replace(/[\s:]/g, '')
        .toLowerCase();
      expect(text).toContain(serial);

      const token = await staffToken(t, 'cbse');
      const orgId = uri.split('-')[0];
      const status = await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/${orgId}/documents/${uri}/status`,
        headers: bearer(token),
        payload: { status: 'revoked' },
      });
      expect(status.statusCode, status.body).toBe(200);
      const again = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${uri}/pdf`, headers: { cookie } });
      await fs.writeFile(path.join(dir, 'revoked.pdf'), again.rawPayload);
      await fs.writeFile(path.join(dir, 'first.pdf'), pdf);
      const pageText = (file: string) => execFileSync('pdftotext', [path.join(dir, file), '-'], { encoding: 'utf8' });
      expect(pageText('first.pdf')).not.toContain('Revoked');
      expect(pageText('revoked.pdf')).toContain('Revoked');
      expect(findSignatures(again.rawPayload)).toHaveLength(1);
    });
  });
}
