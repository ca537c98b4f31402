import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { DIALECTS } from '../support/dialects.js';
import { freshIp, linkAadhaar, sandboxResident, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The verify page's check by URI and the code printed beside the QR: it shows what the paper should say. */
for (const dialect of DIALECTS) {
  describe(`verification by URI and code shows the contents [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    const verify = (payload: Record<string, string>, ip = '203.0.113.9') => t.app.inject({ method: 'POST', url: '/api/v1/verify', payload, remoteAddress: ip });

    /** A resident holding the PAN card Aadhaar pushed to them, and that document as they see it. */
    async function panHolder(index: number) {
      const demo = await sandboxResident(t, index);
      const r = await signUp(t);
      await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile);
      const pan = DEMO_RECORDS.find((x) => x.aadhaarNumber === demo.aadhaarNumber && x.docType === 'PANCR')!;
      const uri = `in.gov.pan-PANCR-${pan.docId}`;
      const doc = (await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${uri}`, headers: { cookie: r.cookie } })).json();
      return { demo, pan, uri, doc };
    }

    it('answers the holder’s name as printed and the fields as issued, labelled in the reader’s language', async () => {
      const { demo, pan, uri, doc } = await panHolder(10);
      const res = await verify({ uri, code: doc.verificationCode.toLowerCase(), language: 'hi' });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ verdict: 'genuine', document: { uri, status: 'active' } });
      // The header keeps the masked name; the contents carry the name as printed on the paper.
      expect(body.document.holder).not.toBe(demo.name);
      expect(body.contents.holder).toEqual(doc.holder);
      expect(body.contents.holder.name).toBe(demo.name);
      expect(body.contents.fields).toEqual([
        { key: 'pan', label: 'स्थायी खाता संख्या', value: pan.fields.pan },
        { key: 'fatherName', label: 'पिता / पति का नाम', value: pan.fields.fatherName },
        { key: 'dateOfBirth', label: 'जन्म तिथि', value: pan.fields.dateOfBirth },
      ]);
      const english = (await verify({ uri, code: doc.verificationCode })).json();
      expect(english.contents.fields.map((f: { label: string }) => f.label)).toEqual(['Permanent Account Number', "Father's / spouse's name", 'Date of birth']);
    });

    it('reveals nothing without the right code: a wrong code answers exactly as an unknown URI', async () => {
      const { uri, doc } = await panHolder(14);
      const wrong = await verify({ uri, code: doc.verificationCode === 'ABCDEFGHJK' ? 'ABCDEFGHJM' : 'ABCDEFGHJK' });
      const unknownUri = await verify({ uri: 'in.gov.pan-PANCR-ZZZZZ0000Z', code: doc.verificationCode });
      expect(wrong.statusCode).toBe(200);
      expect(wrong.json()).toEqual(unknownUri.json());
      expect(wrong.json()).toEqual({ verdict: 'unknown', reason: 'No document matches that URI and verification code.' });
      // The QR code and the signed credential prove the document, not that the asker holds the paper.
      expect((await verify({ qr: doc.qrPayload })).json()).not.toHaveProperty('contents');
    });

    it('shows a revoked document as revoked with the issuer’s reason, and its contents', async () => {
      const { uri, doc } = await panHolder(16);
      const token = await staffToken(t, 'pan');
      const revoke = await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/in.gov.pan/documents/${uri}/status`,
        headers: bearer(token),
        payload: { status: 'revoked', reason: 'Duplicate PAN surrendered' },
      });
      expect(revoke.statusCode, revoke.body).toBe(200);
      const body = (await verify({ uri, code: doc.verificationCode })).json();
      expect(body.document).toMatchObject({ status: 'revoked', statusReason: 'Duplicate PAN surrendered' });
      expect(body.contents.holder.name).toBe(doc.holder.name);
    });

    it('limits guesses per address, right or wrong', async () => {
      const { uri, doc } = await panHolder(18);
      const ip = freshIp();
      for (let i = 0; i < 120; i++) expect((await verify({ uri, code: `WRONG${String(i).padStart(5, '0')}` }, ip)).statusCode).toBe(200);
      const limited = await verify({ uri, code: doc.verificationCode }, ip);
      expect(limited.statusCode).toBe(429);
      expect(limited.body).not.toContain(doc.holder.name);
      expect((await verify({ uri, code: doc.verificationCode }, freshIp())).json().contents.holder.name).toBe(doc.holder.name);
    });
  });
}
