import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, outbox, sandboxResident, signIn, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`notifications by SMS and in the inbox [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    const inbox = (cookie: string, query = '') => t.app.inject({ method: 'GET', url: `/api/v1/me/notifications${query}`, headers: { cookie } });

    it('tells a Hindi reader, in Hindi, about documents received, a suspension with its reason, and a new sign-in', async () => {
      const demo = await sandboxResident(t, 11);
      const r = await signUp(t);
      expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: r.cookie }, payload: { language: 'hi' } })).statusCode).toBe(200);
      expect((await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      let [sms] = await outbox(t, r.mobile);
      expect(sms!.body).toBe('तिजोरी: पहले आपके लिए जारी 1 दस्तावेज़ अब आपकी तिजोरी में हैं।');

      const licence = DEMO_RECORDS.find((x) => x.aadhaarNumber === demo.aadhaarNumber && x.docType === 'DRVLC')!;
      const pulled = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/pull',
        headers: { cookie: r.cookie },
        payload: { orgId: 'in.gov.transport', docType: 'DRVLC', parameters: licence.parameters, consent: true },
      });
      expect(pulled.statusCode).toBe(201);
      [sms] = await outbox(t, r.mobile);
      expect(sms!.body).toContain('सड़क परिवहन और राजमार्ग मंत्रालय (डेमो) ने आपका ड्राइविंग लाइसेंस जारी किया है');

      const token = await staffToken(t, 'transport');
      const uri = pulled.json().uri as string;
      const suspend = await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/in.gov.transport/documents/${uri}/status`,
        headers: bearer(token),
        payload: { status: 'suspended', reason: 'Challan unpaid' },
      });
      expect(suspend.statusCode, suspend.body).toBe(200);
      [sms] = await outbox(t, r.mobile);
      expect(sms!.body).toContain('ड्राइविंग लाइसेंस निलंबित किया है। कारण: Challan unpaid');

      expect((await signIn(t, r.mobile, r.pin, { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/131.0' })).statusCode).toBe(200);
      [sms] = await outbox(t, r.mobile);
      expect(sms!.body).toMatch(/^तिजोरी: आपके खाते में Chrome \(Android\) पर .+ को नया साइन इन हुआ।/);

      const list = (await inbox(r.cookie)).json();
      expect(list.unread).toBe(4);
      expect(list.notifications.map((n: { kind: string }) => n.kind)).toEqual(['new_sign_in', 'document_suspended', 'document_issued', 'documents_received']);
      expect(list.notifications[1]).toMatchObject({ uri, read: false });
      const english = (await inbox(r.cookie, '?language=en')).json();
      expect(english.notifications[1].text).toContain('has suspended your Driving Licence. Reason: Challan unpaid');
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/notifications/read', headers: { cookie: r.cookie } })).json()).toEqual({ marked: 4 });
      expect((await inbox(r.cookie)).json().unread).toBe(0);
    });

    it('shows each resident only their own inbox', async () => {
      const a = await signUp(t);
      const b = await signUp(t);
      await signIn(t, a.mobile, a.pin);
      expect((await inbox(a.cookie)).json().notifications).toHaveLength(1);
      expect((await inbox(b.cookie)).json().notifications).toEqual([]);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/notifications/read', headers: { cookie: b.cookie } })).json()).toEqual({ marked: 0 });
      expect((await inbox(a.cookie)).json().unread).toBe(1);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/notifications' })).statusCode).toBe(401);
    });
  });
}
