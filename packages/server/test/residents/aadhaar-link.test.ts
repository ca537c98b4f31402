import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS } from '../support/dialects.js';
import { latestOtp, linkAadhaar, outbox, sandboxResident, signUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`linking Aadhaar [${dialect}]`, () => {
    let t: TestApp;
    const used: string[] = [];
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('fills the profile from signed e-KYC and shows the number only masked', async () => {
      const demo = await sandboxResident(t, 0);
      used.push(demo.aadhaarNumber);
      const r = await signUp(t);
      const res = await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile);
      expect(res.statusCode, res.body).toBe(200);
      const me = res.json();
      expect(me.aadhaar).toEqual({ linked: true, masked: `XXXX XXXX ${demo.aadhaarNumber.slice(-4)}` });
      expect(me.profile).toMatchObject({ name: demo.name, hasPhoto: true });
      expect(me.profile.dob).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(me.profile.address.state).toBeTruthy();

      const photo = await t.app.inject({ method: 'GET', url: '/api/v1/me/photo', headers: { cookie: r.cookie } });
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toBe('image/png');
      expect(photo.rawPayload.subarray(1, 4).toString()).toBe('PNG');

      const activity = await t.app.inject({ method: 'GET', url: '/api/v1/me/activity', headers: { cookie: r.cookie } });
      expect(activity.json().events[0]).toMatchObject({ type: 'aadhaar_linked', details: { aadhaar: `XXXX XXXX ${demo.aadhaarNumber.slice(-4)}` } });
    });

    it('answers a valid Aadhaar number the provider does not know with a coded 4xx, logged below warning', async () => {
      const r = await signUp(t);
      const unknown = '234123412346';
      const logsBefore = t.logs.length;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/aadhaar',
        headers: { cookie: r.cookie },
        payload: { aadhaarNumber: unknown, consent: true },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('aadhaar_otp_unavailable');
      expect(res.body).not.toContain(unknown);
      const newLogs = t.logs.slice(logsBefore);
      expect(newLogs.filter((l) => Number(l.level) >= 40)).toEqual([]);
      expect(JSON.stringify(newLogs)).not.toContain(unknown);
    });

    it('checks the Verhoeff digit before sending anything, and needs consent', async () => {
      const r = await signUp(t);
      const before = (await t.app.inject({ method: 'GET', url: '/api/v1/dev/sms-outbox?limit=200' })).json().messages.length;
      for (const aadhaarNumber of ['234123412347', '123412341234', '23412341234']) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/aadhaar', headers: { cookie: r.cookie }, payload: { aadhaarNumber, consent: true } });
        expect(res.statusCode).toBe(400);
        expect(['aadhaar_invalid', 'validation_failed']).toContain(res.json().code);
        expect(res.json().errors[0].path).toBe('/body/aadhaarNumber');
        expect(res.body).not.toContain(aadhaarNumber);
      }
      const demo = await sandboxResident(t, 1);
      const noConsent = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/aadhaar',
        headers: { cookie: r.cookie },
        payload: { aadhaarNumber: demo.aadhaarNumber, consent: false },
      });
      expect(noConsent.json().code).toBe('consent_required');
      const after = (await t.app.inject({ method: 'GET', url: '/api/v1/dev/sms-outbox?limit=200' })).json().messages.length;
      expect(after).toBe(before);
    });

    it('allows one account per Aadhaar number', async () => {
      const demo = await sandboxResident(t, 2);
      used.push(demo.aadhaarNumber);
      const first = await signUp(t);
      expect((await linkAadhaar(t, first.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      const second = await signUp(t);
      const res = await linkAadhaar(t, second.cookie, demo.aadhaarNumber, demo.mobile);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('aadhaar_already_linked');
      expect(res.body).not.toContain(demo.aadhaarNumber);
    });

    it('binds the Aadhaar OTP to its owner and purpose', async () => {
      const demo = await sandboxResident(t, 3);
      const owner = await signUp(t);
      const other = await signUp(t);
      const start = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/aadhaar',
        headers: { cookie: owner.cookie },
        payload: { aadhaarNumber: demo.aadhaarNumber, consent: true },
      });
      const otp = await latestOtp(t, demo.mobile);
      const stolen = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/aadhaar/verify',
        headers: { cookie: other.cookie },
        payload: { challengeId: start.json().challengeId, otp },
      });
      expect(stolen.statusCode).toBe(404);
      const asSignIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in/verify', payload: { challengeId: start.json().challengeId, otp } });
      expect(asSignIn.statusCode).toBe(404);
      // A sign-in code cannot link Aadhaar either.
      const signInStart = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: owner.mobile, pin: owner.pin } });
      const signInOtp = await latestOtp(t, owner.mobile);
      const crossed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/aadhaar/verify',
        headers: { cookie: owner.cookie },
        payload: { challengeId: signInStart.json().challengeId, otp: signInOtp },
      });
      expect(crossed.statusCode).toBe(404);
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/aadhaar/verify',
        headers: { cookie: owner.cookie },
        payload: { challengeId: start.json().challengeId, otp: otp === '000000' ? '000001' : '000000' },
      });
      expect(wrong.json()).toMatchObject({ code: 'otp_wrong', attemptsLeft: 4 });
    });

    it('keeps the linked Aadhaar numbers out of the tables linking writes, the vault index, logs and HTTP bodies (every table: aadhaar-leak-scan)', async () => {
      expect(used.length).toBeGreaterThan(0);
      const kysely = t.runtime.db.kysely;
      const tables = ['residents', 'otp_challenges', 'sessions', 'activity_events', 'rate_limits', 'blobs', 'dev_sms_outbox'];
      const dump: string[] = [];
      for (const table of tables) {
        const rows = await sql`select * from ${sql.table(table)}`.execute(kysely);
        dump.push(JSON.stringify(rows.rows));
      }
      const vault = await sql<{ ciphertext: Buffer; lookup_hmac: string }>`select * from aadhaar_vault`.execute(kysely);
      expect(vault.rows.length).toBe(used.length);
      for (const row of vault.rows) dump.push(row.lookup_hmac, Buffer.from(row.ciphertext).toString('latin1'));
      // The developer listing of sandbox residents is the one place that shows demo numbers.
      const bodies = t.bodies.filter((b) => !b.url.startsWith('/api/v1/dev/aadhaar-sandbox')).map((b) => b.body);
      expect(bodies.length).toBeGreaterThan(20);
      const everything = [...dump, JSON.stringify(t.logs), ...bodies].join('\n');
      for (const number of used) {
        const spaced = `${number.slice(0, 4)} ${number.slice(4, 8)} ${number.slice(8)}`;
        expect(everything.includes(number), `full Aadhaar ${number.slice(-4)} leaked`).toBe(false);
        expect(everything.includes(spaced)).toBe(false);
      }
      expect(JSON.stringify(await outbox(t, (await sandboxResident(t, 0)).mobile))).not.toContain(used[0]);
    });
  });
}
