import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCertificate } from '../../src/compat/digilocker/xml/certificate-xml.js';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, sandboxResident, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`document PDF and PDF verification [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    it('renders the PDF once, serves the same file again, and recognises it (and an altered copy) on upload', async () => {
      const demo = await sandboxResident(t, 0);
      const record =
        DEMO_RECORDS.find((r) => r.aadhaarNumber === demo.aadhaarNumber && r.docType === 'SSCER') ??
        DEMO_RECORDS.find((r) => r.aadhaarNumber === demo.aadhaarNumber && r.docType === 'HSCER')!;
      const r = await signUp(t);
      await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile);
      const pulled = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/pull',
        headers: { cookie: r.cookie },
        payload: { orgId: record.orgId, docType: record.docType, parameters: record.parameters, consent: true },
      });
      const uri = pulled.json().uri as string;
      const first = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${uri}/pdf`, headers: { cookie: r.cookie } });
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-type']).toBe('application/pdf');
      expect(first.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const second = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${uri}/pdf?download=true`, headers: { cookie: r.cookie } });
      expect(second.headers['content-disposition']).toBe(`attachment; filename="${uri}.pdf"`);
      expect(second.rawPayload.equals(first.rawPayload)).toBe(true);

      const verifyPdf = (pdf: Buffer) =>
        t.app.inject({ method: 'POST', url: '/api/v1/verify/pdf', headers: { 'content-type': 'application/pdf' }, payload: pdf });
      const genuine = (await verifyPdf(first.rawPayload)).json();
      expect(genuine).toMatchObject({ verdict: 'genuine', document: { uri, status: 'active' } });

      // Change one byte in the file, outside the QR link: the file is no longer the one issued.
      const altered = Buffer.from(first.rawPayload);
      const at = altered.indexOf('/Producer');
      const i = at > 0 ? at + 12 : altered.length - 20;
      altered[i] = altered[i]! ^ 1;
      const tampered = (await verifyPdf(altered)).json();
      expect(tampered.verdict).toBe('tampered');
      expect(tampered.document.uri).toBe(uri);

      expect((await verifyPdf(Buffer.from('%PDF-1.4\n%%EOF\n'))).json().verdict).toBe('unknown');
      expect((await verifyPdf(Buffer.from('hello'))).json().verdict).toBe('unknown');

      const svg = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${uri}/qr.svg`, headers: { cookie: r.cookie } });
      expect(svg.headers['content-type']).toContain('image/svg+xml');
      expect(svg.body).toContain('<svg');

      // After a revocation the PDF is made again, with the watermark, and the old file still
      // verifies as genuine — with today's status: revoked.
      const token = await staffToken(t, 'cbse');
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/in.gov.cbse/documents/${uri}/status`,
        headers: bearer(token),
        payload: { status: 'revoked' },
      });
      const revokedPdf = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${uri}/pdf`, headers: { cookie: r.cookie } });
      expect(revokedPdf.rawPayload.equals(first.rawPayload)).toBe(false);
      expect((await verifyPdf(first.rawPayload)).json()).toMatchObject({ verdict: 'genuine', document: { status: 'revoked' } });

      // The certificate XML verifies with the issuer's published P-256 key alone.
      const xml = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${uri}/xml`, headers: { cookie: r.cookie } });
      expect(xml.statusCode).toBe(200);
      const jwks = (await t.app.inject({ method: 'GET', url: '/issuers/in.gov.cbse/jwks.json' })).json().keys as Record<string, string>[];
      const xmlKey = jwks.find((k) => k.status === 'xml-dsig')!;
      const { certificate } = verifyCertificate(xml.body, createPublicKey({ key: xmlKey, format: 'jwk' }));
      expect(certificate).toMatchObject({ number: uri.split('-').at(-1), status: 'R' });
      expect(() => verifyCertificate(xml.body.replace('status="R"', 'status="A"'), createPublicKey({ key: xmlKey, format: 'jwk' }))).toThrow();

      const stranger = await signUp(t);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${uri}/pdf`, headers: { cookie: stranger.cookie } })).statusCode).toBe(404);
    });
  });
}
