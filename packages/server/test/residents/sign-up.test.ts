import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { cookieOf, freshIp, freshMobile, latestOtp, outbox, signUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`sign-up [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('creates an account from mobile → OTP → PIN and signs the resident in', async () => {
      const mobile = freshMobile();
      const start = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile } });
      expect(start.statusCode).toBe(202);
      expect(start.json()).toMatchObject({ maskedMobile: `XXXXXX${mobile.slice(-4)}`, expiresInSeconds: 600, resendAfterSeconds: 60 });
      const [sms] = await outbox(t, mobile);
      expect(sms!.body).toMatch(/^\d{6} is your Tijori sign-up OTP/);

      const verify = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up/verify',
        payload: { challengeId: start.json().challengeId, otp: await latestOtp(t, mobile) },
      });
      expect(verify.statusCode).toBe(200);
      const complete = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up/complete',
        payload: { signupTicket: verify.json().signupTicket, pin: '572910', language: 'hi' },
      });
      expect(complete.statusCode).toBe(201);
      const set = complete.cookies.find((c) => c.name === 'tijori_session')!;
      expect(set.httpOnly).toBe(true);
      expect(set.sameSite).toBe('Lax');
      expect(complete.json().session.token).toBeUndefined();

      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(complete) } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ mobile, language: 'hi', aadhaar: { linked: false, masked: null }, profile: null });
    });

    it('gives API clients a bearer token instead of a cookie when asked', async () => {
      const mobile = freshMobile();
      const start = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile } });
      const verify = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up/verify',
        payload: { challengeId: start.json().challengeId, otp: await latestOtp(t, mobile) },
      });
      const complete = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up/complete',
        payload: { signupTicket: verify.json().signupTicket, pin: '572910', sessionType: 'bearer' },
      });
      expect(complete.cookies).toHaveLength(0);
      const token = complete.json().session.token as string;
      expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      expect(me.json().mobile).toBe(mobile);
    });

    it('allows one account per mobile number without revealing which numbers are registered', async () => {
      const taken = await signUp(t);
      const fresh = freshMobile();
      const a = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile: taken.mobile }, remoteAddress: freshIp() });
      const b = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile: fresh }, remoteAddress: freshIp() });
      expect(a.statusCode).toBe(b.statusCode);
      expect(Object.keys(a.json()).sort()).toEqual(Object.keys(b.json()).sort());
      // The owner of the registered number is told by SMS; no code exists, so no answer works.
      const [sms] = await outbox(t, taken.mobile);
      expect(sms!.body).toContain('You already have a Tijori account');
      expect(sms!.body).not.toMatch(/\d{6}/);
      for (const otp of ['000000', '123456']) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up/verify', payload: { challengeId: a.json().challengeId, otp } });
        expect(res.json().code).toBe('otp_wrong');
      }
    });

    it('rejects malformed mobile numbers with a field-level error', async () => {
      for (const mobile of ['12345', '5876543210', '98765432101', '98765abcde', '']) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile } });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('validation_failed');
        expect(res.json().errors[0].path).toBe('/body/mobile');
      }
    });

    it('refuses weak PINs before spending the ticket, and a ticket works once', async () => {
      const mobile = freshMobile();
      const start = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile }, remoteAddress: freshIp() });
      const verify = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up/verify',
        payload: { challengeId: start.json().challengeId, otp: await latestOtp(t, mobile) },
      });
      const signupTicket = verify.json().signupTicket;
      for (const pin of ['111111', '123456', '987654']) {
        const weak = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up/complete', payload: { signupTicket, pin } });
        expect(weak.statusCode).toBe(400);
        expect(weak.json().code).toBe('pin_too_weak');
      }
      const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up/complete', payload: { signupTicket, pin: '640172' } });
      expect(ok.statusCode).toBe(201);
      const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up/complete', payload: { signupTicket, pin: '640172' } });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('ticket_invalid');
    });

    it('takes an optional username and password, and refuses a taken username', async () => {
      const first = await signUp(t, { username: 'meera.patel', password: 'a long pass phrase' });
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: first.cookie } });
      expect(me.json().username).toBe('meera.patel');
      const mobile = freshMobile();
      const start = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile }, remoteAddress: freshIp() });
      const verify = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up/verify',
        payload: { challengeId: start.json().challengeId, otp: await latestOtp(t, mobile) },
      });
      const dup = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up/complete',
        payload: { signupTicket: verify.json().signupTicket, pin: '640172', username: 'meera.patel' },
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({ code: 'username_taken', errors: [{ path: '/body/username' }] });
    });

    it('limits OTP requests per mobile number with 429 and Retry-After', async () => {
      const mobile = freshMobile();
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile }, remoteAddress: freshIp() });
        codes.push(res.statusCode);
        if (res.statusCode === 429) {
          expect(res.json().code).toBe('rate_limited');
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        }
      }
      expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
    });
  });
}
