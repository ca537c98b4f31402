import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { verhoeffCheckDigit } from '@tijori/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/http/logger.js';
import { startRuntime } from '../../src/runtime.js';
import { SMS_PER_CALL_MAX } from '../../src/domain/notifications/notify.js';
import { DIALECTS } from '../support/dialects.js';
import { consent, issueTo, pkce, REDIRECT, registerRequester, token } from '../support/requesters.js';
import { freshMobile, linkAadhaar, outbox, sandboxResident, signUp, type SignedUp } from '../support/residents.js';
import { pendingEndpoint, registerRemoteIssuer } from '../support/remote-issuer.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DAY = 24 * 60 * 60 * 1000;

/** A valid Aadhaar number (Verhoeff check digit) that no sandbox resident has. */
function unusedAadhaar(): string {
  const base = `9${String(randomBytes(6).readUIntBE(0, 6)).padStart(10, '0').slice(-10)}`;
  return `${base}${verhoeffCheckDigit(base)}`;
}

const docId = () => String(randomBytes(5).readUIntBE(0, 5)).padStart(12, '3');

for (const dialect of DIALECTS) {
  describe(`what residents (and holders without a locker) hear about [${dialect}]`, () => {
    let t: TestApp;
    let operator: string;
    let skew = 0;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' }, clock: { now: () => Date.now() + skew } });
      operator = await staffToken(t);
    });
    afterAll(async () => t?.close());

    const inbox = async (r: SignedUp) =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: { cookie: r.cookie } })).json().notifications as {
        kind: string;
        text: string;
        uri: string | null;
      }[];
    const setLanguage = async (r: SignedUp, language: string) =>
      expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: r.cookie }, payload: { language } })).statusCode).toBe(200);
    const push = (orgId: string, body: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/api/v1/issuers/${orgId}/documents`, headers: bearer(operator), payload: body });

    it('tells a resident, in Hindi, by SMS and in the inbox, that a pull the issuer left pending has arrived', async () => {
      // An issuer whose own endpoint answers every pull "pending": it pushes the record later.
      const apiKey = await registerRemoteIssuer(t, operator, {
        orgId: 'in.ac.later-univ',
        names: { en: 'Later University', hi: 'लेटर विश्वविद्यालय', gu: 'લેટર યુનિવર્સિટી' },
        typeNames: { en: 'Degree Certificate', hi: 'डिग्री प्रमाणपत्र', gu: 'ડિગ્રી પ્રમાણપત્ર' },
      });
      const server = await pendingEndpoint(t, 'in.ac.later-univ', apiKey);
      try {
        const profile = await sandboxResident(t, 3);
        const r = await signUp(t);
        await setLanguage(r, 'hi');
        expect((await linkAadhaar(t, r.cookie, profile.aadhaarNumber, profile.mobile)).statusCode).toBe(200);
        const pulled = await t.app.inject({
          method: 'POST',
          url: '/api/v1/me/pull',
          headers: { cookie: r.cookie },
          payload: { orgId: 'in.ac.later-univ', docType: 'DGCER', parameters: { RollNo: 'LU1234' }, consent: true },
        });
        expect(pulled.statusCode, pulled.body).toBe(202);
        const before = (await outbox(t, r.mobile)).length;

        // Later the issuer pushes the record to the resident's Aadhaar.
        const pushed = await push('in.ac.later-univ', {
          docType: 'DGCER',
          docId: 'LU1234',
          holder: { aadhaar: profile.aadhaarNumber, name: profile.name },
          fields: { branch: 'Physics' },
          issuedOn: '2026-06-30',
        });
        expect(pushed.statusCode, pushed.body).toBe(201);
        const uri = pushed.json().uri as string;
        const sms = await outbox(t, r.mobile);
        expect(sms.length).toBe(before + 1);
        expect(sms[0]!.body).toBe('तिजोरी: आपने लेटर विश्वविद्यालय से जो डिग्री प्रमाणपत्र माँगा था, वह आपकी तिजोरी में आ गया है।');
        const [newest] = await inbox(r);
        expect(newest).toMatchObject({ kind: 'pull_arrived', uri, text: sms[0]!.body });
        const request = await t.runtime.db.kysely.selectFrom('pull_requests').selectAll().where('resident_id', '=', r.id).executeTakeFirstOrThrow();
        expect(request).toMatchObject({ status: 'issued', uri });

        // The pending pull is answered once: the next document of that type is just "issued".
        const again = await push('in.ac.later-univ', {
          docType: 'DGCER',
          docId: 'LU9999',
          holder: { aadhaar: profile.aadhaarNumber, name: profile.name },
          fields: {},
          issuedOn: '2026-07-01',
        });
        expect(again.statusCode, again.body).toBe(201);
        expect((await inbox(r))[0]!.kind).toBe('document_issued');
        expect((await outbox(t, r.mobile))[0]!.body).toContain('लेटर विश्वविद्यालय ने आपका डिग्री प्रमाणपत्र जारी किया है');
      } finally {
        server.close();
      }
    });

    it('tells a Gujarati reader each time a requester uses a consent, naming it and what it read; one SMS per consent per day', async () => {
      const client = await registerRequester(t);
      const r = await signUp(t);
      await setLanguage(r, 'gu');
      const uri = await issueTo(t, r.mobile);
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, [uri]);
      const granted = (await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json();
      const get = (url: string, accessToken: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${accessToken}` } });
      // The notices (the consent's OTP SMS names the bank in Gujarati too, but is not one).
      const consentSms = async () => (await outbox(t, r.mobile)).filter((m) => m.body.startsWith('તિજોરી:') && m.body.includes('ઉદાહરણ બેંક'));

      expect((await get(`/public/oauth2/1/file/${uri}`, granted.access_token)).statusCode).toBe(200);
      expect((await get(`/public/oauth2/1/xml/${uri}`, granted.access_token)).statusCode).toBe(200);
      expect((await get('/public/oauth2/1/user', granted.access_token)).statusCode).toBe(200);

      const used = (await inbox(r)).filter((n) => n.kind === 'consent_used');
      expect(used.map((n) => n.text.replace(/ એ .+? એ /, ' એ <time> એ '))).toEqual([
        'તિજોરી: તમારી સંમતિથી ઉદાહરણ બેંક એ <time> એ તમારી પ્રોફાઇલ (નામ, જન્મ તારીખ, લિંગ, ફોટો) વાંચી. તમે તિજોરીમાં "સંમતિઓ" માં જઈને સંમતિ પાછી ખેંચી શકો છો.',
        'તિજોરી: તમારી સંમતિથી ઉદાહરણ બેંક એ <time> એ તમારા ધોરણ XII ગુણપત્રક નો પ્રમાણપત્ર ડેટા વાંચ્યો. તમે તિજોરીમાં "સંમતિઓ" માં જઈને સંમતિ પાછી ખેંચી શકો છો.',
        'તિજોરી: તમારી સંમતિથી ઉદાહરણ બેંક એ <time> એ તમારું ધોરણ XII ગુણપત્રક વાંચ્યું. તમે તિજોરીમાં "સંમતિઓ" માં જઈને સંમતિ પાછી ખેંચી શકો છો.',
      ]);
      expect(used[1]!.uri).toBe(uri);
      expect(used[0]!.uri).toBeNull();
      // Three uses, one SMS: the first.
      let sms = await consentSms();
      expect(sms).toHaveLength(1);
      expect(sms[0]!.body).toContain('તમારું ધોરણ XII ગુણપત્રક વાંચ્યું');

      // The next day, the first use sends one more.
      skew += DAY + 60_000;
      try {
        const refreshed = (await token(t, client, { grant_type: 'refresh_token', refresh_token: granted.refresh_token })).json();
        expect((await get(`/public/oauth2/1/file/${uri}`, refreshed.access_token)).statusCode).toBe(200);
        expect((await get(`/public/oauth2/1/file/${uri}`, refreshed.access_token)).statusCode).toBe(200);
      } finally {
        skew = 0;
      }
      sms = await consentSms();
      expect(sms).toHaveLength(2);
      expect((await inbox(r)).filter((n) => n.kind === 'consent_used')).toHaveLength(5);
    });

    it('invites a holder without a locker once, however many documents wait, in the language the issuer gave; never with the Aadhaar number', async () => {
      const mobile = freshMobile();
      const body = (holder: Record<string, string>) => ({
        docType: 'SSCER',
        docId: docId(),
        holder: { name: 'Kiran Shah', ...holder },
        fields: { examination: 'Secondary School Examination 2026', rollNo: '12345678', result: 'PASS' },
        issuedOn: '2026-05-10',
      });

      // Five documents for the same new mobile at once (concurrent pushes), in Gujarati.
      const pushes = await Promise.all(Array.from({ length: 5 }, () => push('in.gov.cbse', body({ mobile, language: 'gu' }))));
      for (const p of pushes) expect(p.json().outcome, p.body).toBe('held');
      let sms = await outbox(t, mobile);
      expect(sms).toHaveLength(1);
      expect(sms[0]!.body).toBe(
        `તિજોરી: કેન્દ્રીય માધ્યમિક શિક્ષણ બોર્ડ (ડેમો) એ તમારું ધોરણ X ગુણપત્રક આ મોબાઇલ નંબર પર જારી કર્યું છે. તેને તમારી મફત દસ્તાવેજ તિજોરીમાં મેળવવા ${t.config.publicUrl}/sign-up પર આ જ નંબરથી સાઇન અપ કરો.`,
      );
      expect((await push('in.gov.cbse', body({ mobile }))).statusCode).toBe(201);
      expect(await outbox(t, mobile)).toHaveLength(1);

      // A document for an Aadhaar without a locker: the issuer's mobile beside it is where the invitation goes.
      const aadhaar = unusedAadhaar();
      const contact = freshMobile();
      const first = await push('in.gov.cbse', body({ aadhaar, mobile: contact, language: 'hi' }));
      expect(first.json().outcome, first.body).toBe('held');
      expect((await push('in.gov.cbse', body({ aadhaar, mobile: contact }))).json().outcome).toBe('held');
      expect((await push('in.gov.cbse', body({ aadhaar }))).json().outcome).toBe('held');
      sms = await outbox(t, contact);
      expect(sms).toHaveLength(1);
      expect(sms[0]!.body).toBe(
        `तिजोरी: केंद्रीय माध्यमिक शिक्षा बोर्ड (डेमो) ने आपका कक्षा X अंकपत्र आपके आधार पर जारी किया है। इसे अपनी मुफ़्त दस्तावेज़ तिजोरी में पाने के लिए ${t.config.publicUrl}/sign-up पर साइन अप करें और अपना आधार जोड़ें।`,
      );
      expect(sms[0]!.body).not.toContain(aadhaar);
      expect(sms[0]!.body).not.toContain(aadhaar.slice(-4));

      // Without a language, English; a locker holder is told "issued", not invited.
      const plain = freshMobile();
      await push('in.gov.cbse', body({ mobile: plain }));
      expect((await outbox(t, plain))[0]!.body).toMatch(
        /^Tijori: .+ has issued your Class X Marksheet to this mobile number\. .+ sign up at .+\/sign-up with this number\.$/,
      );
      const resident = await signUp(t);
      const before = (await outbox(t, resident.mobile)).length;
      await push('in.gov.cbse', body({ mobile: resident.mobile }));
      const after = await outbox(t, resident.mobile);
      expect(after).toHaveLength(before + 1);
      expect(after[0]!.body).toContain('has issued your Class X Marksheet. It is in your locker');

      // Bad input is a 400 with a stable code.
      const bad = await push('in.gov.cbse', body({ mobile: freshMobile(), language: 'fr' }));
      expect(bad.statusCode).toBe(400);
      const both = await push('in.gov.cbse', body({ lockerId: resident.id, mobile: freshMobile() }));
      expect(both.statusCode).toBe(400);
      expect(both.json().code).toBe('validation_failed');
    });

    it('invites from a bulk CSV too: one SMS per holder, in the holderLanguage column; none from a batch of more than 100 new holders', async () => {
      const edistrict = await staffToken(t, 'edistrict');
      const [a, b, contact] = [freshMobile(), freshMobile(), freshMobile()];
      const aadhaar = unusedAadhaar();
      const csv = [
        'docType,docId,aadhaar,mobile,name,holderLanguage,issuedOn,annualIncome,financialYear',
        `INCER,B${docId()},,${a},Asha,gu,2026-04-01,"₹1,20,000",2025-26`,
        `INCER,B${docId()},,${a},Asha,gu,2026-04-01,"₹1,30,000",2026-27`,
        `INCER,B${docId()},,${b},Bina,,2026-04-01,"₹90,000",2025-26`,
        `INCER,B${docId()},${aadhaar},${contact},Chirag,hi,2026-04-01,"₹50,000",2025-26`,
      ].join('\n');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs',
        headers: { ...bearer(edistrict), 'content-type': 'text/csv' },
        payload: `${csv}\n`,
      });
      expect(res.statusCode, res.body).toBe(202);
      const finished = async (id: string) => {
        let job: { status: string; rowsOk: number } = { status: 'queued', rowsOk: 0 };
        for (let i = 0; i < 300 && job.status !== 'done' && job.status !== 'failed'; i++) {
          await new Promise((r) => setTimeout(r, 100));
          job = (await t.app.inject({ method: 'GET', url: `/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs/${id}`, headers: bearer(edistrict) })).json();
        }
        return job;
      };
      expect(await finished(res.json().id)).toMatchObject({ status: 'done', rowsOk: 4 });
      const toA = await outbox(t, a);
      expect(toA).toHaveLength(1);
      expect(toA[0]!.body).toMatch(/^તિજોરી: .+ એ તમારું .+ આ મોબાઇલ નંબર પર જારી કર્યું છે\./);
      expect((await outbox(t, b))[0]!.body).toMatch(/^Tijori: .+ to this mobile number\./);
      const toContact = await outbox(t, contact);
      expect(toContact).toHaveLength(1);
      expect(toContact[0]!.body).toMatch(/^तिजोरी: .+ आपके आधार पर जारी किया है।/);
      expect(toContact[0]!.body).not.toContain(aadhaar);

      // A batch for more than SMS_PER_CALL_MAX new holders sends no invitation (and claims none):
      // the next document for one of them, issued on its own, invites that holder.
      const many = Array.from({ length: SMS_PER_CALL_MAX + 1 }, () => freshMobile());
      const big = [
        'docType,docId,mobile,name,issuedOn,annualIncome,financialYear',
        ...many.map((m) => `INCER,B${docId()},${m},Dev,2026-04-01,"₹1",2025-26`),
      ].join('\n');
      const bigJob = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs',
        headers: { ...bearer(edistrict), 'content-type': 'text/csv' },
        payload: `${big}\n`,
      });
      expect(bigJob.statusCode, bigJob.body).toBe(202);
      expect(await finished(bigJob.json().id)).toMatchObject({ status: 'done', rowsOk: many.length });
      expect(await outbox(t, many[0]!)).toEqual([]);
      expect(await outbox(t, many[1]!)).toEqual([]);
      const single = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.gujarat.edistrict/documents',
        headers: bearer(edistrict),
        payload: {
          docType: 'INCER',
          docId: `S${docId()}`,
          holder: { mobile: many[0]!, name: 'Dev' },
          fields: { annualIncome: '₹1', financialYear: '2025-26' },
          issuedOn: '2026-04-01',
        },
      });
      expect(single.json().outcome, single.body).toBe('held');
      expect(await outbox(t, many[0]!)).toHaveLength(1);
    });

    it('sends one invitation when two server instances on one database issue to the same new holder at once', async () => {
      const runtime = await startRuntime(t.config, createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() })));
      const other = await buildApp(runtime);
      try {
        await other.ready();
        const mobile = freshMobile();
        const body = () => ({
          docType: 'HSCER',
          docId: docId(),
          holder: { mobile, name: 'Kiran Shah', language: 'hi' },
          fields: { examination: 'Senior School Certificate Examination 2026', rollNo: '12345678', result: 'PASS' },
          issuedOn: '2026-05-10',
        });
        const viaOther = () => other.inject({ method: 'POST', url: '/api/v1/issuers/in.gov.cbse/documents', headers: bearer(operator), payload: body() });
        const answers = await Promise.all([push('in.gov.cbse', body()), viaOther(), push('in.gov.cbse', body()), viaOther()]);
        for (const a of answers) expect(a.json().outcome, a.body).toBe('held');
        const sms = await outbox(t, mobile);
        expect(sms).toHaveLength(1);
        expect(sms[0]!.body).toMatch(/^तिजोरी: केंद्रीय माध्यमिक शिक्षा बोर्ड \(डेमो\) ने आपका कक्षा XII अंकपत्र इस मोबाइल नंबर पर जारी किया है।/);
      } finally {
        await other.close();
        await runtime.close();
      }
    });
  });
}
