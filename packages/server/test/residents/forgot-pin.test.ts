import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.js';
import { DIALECTS } from '../support/dialects.js';
import { cookieOf, freshIp, freshMobile, latestOtp, linkAadhaar, outbox, sandboxResident, signIn, signUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HOUR = 60 * 60 * 1000;

for (const dialect of DIALECTS) {
  describe(`forgot PIN [${dialect}]`, () => {
    let t: TestApp;
    const clock = fixedClock(Date.now());
    beforeAll(async () => {
      t = await startTestApp(dialect, { clock });
    });
    afterAll(async () => t?.close());

    const post = (url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: `/api/v1/auth/forgot-pin${url}`, payload, headers, remoteAddress: freshIp() });
    const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    const activity = async (cookie: string) =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/me/activity', headers: { cookie } })).json().events.map((e: { type: string }) => e.type) as string[];

    /** Steps 1 and 2: the mobile OTP. */
    async function proveMobile(mobile: string) {
      const start = await post('', { mobile });
      expect(start.statusCode, start.body).toBe(202);
      const verified = await post('/verify', { challengeId: start.json().challengeId, otp: await latestOtp(t, mobile) });
      expect(verified.statusCode, verified.body).toBe(200);
      return verified.json() as { recoveryTicket: string; secondFactors: string[]; ready: boolean; waitHours: number };
    }

    async function signInWith(mobile: string, pin: string) {
      return t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: mobile, pin }, remoteAddress: freshIp() });
    }

    it('with Aadhaar linked: mobile OTP, then Aadhaar OTP, then a new PIN; every session ends', async () => {
      const demo = await sandboxResident(t, 3);
      const r = await signUp(t);
      expect((await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      const other = cookieOf(await signIn(t, r.mobile, r.pin));

      const rec = await proveMobile(r.mobile);
      expect(rec).toMatchObject({ secondFactors: ['aadhaar'], ready: false });
      // The mobile OTP alone does not set a PIN, nor can the resident skip to a weaker factor.
      expect((await post('/complete', { recoveryTicket: rec.recoveryTicket, newPin: '730518' })).statusCode).toBe(403);
      expect((await post('/wait', { recoveryTicket: rec.recoveryTicket })).statusCode).toBe(403);

      const aStart = await post('/aadhaar', { recoveryTicket: rec.recoveryTicket });
      expect(aStart.statusCode, aStart.body).toBe(202);
      expect(aStart.json().maskedMobile).toContain(demo.mobile.slice(-4));
      const aadhaarOtp = await latestOtp(t, demo.mobile);
      // Someone else's recovery cannot answer this challenge.
      const stranger = await signUp(t);
      const strangerRec = await proveMobile(stranger.mobile);
      const hijack = await post('/aadhaar/verify', { recoveryTicket: strangerRec.recoveryTicket, challengeId: aStart.json().challengeId, otp: aadhaarOtp });
      expect(hijack.statusCode).toBe(404);
      expect(hijack.json().code).toBe('challenge_not_found');

      const ok = await post('/aadhaar/verify', { recoveryTicket: rec.recoveryTicket, challengeId: aStart.json().challengeId, otp: aadhaarOtp });
      expect(ok.statusCode, ok.body).toBe(200);
      const weak = await post('/complete', { recoveryTicket: rec.recoveryTicket, newPin: '123456' });
      expect(weak.statusCode).toBe(400);
      const done = await post('/complete', { recoveryTicket: rec.recoveryTicket, newPin: '730518' });
      expect(done.statusCode, done.body).toBe(204);
      expect((await post('/complete', { recoveryTicket: rec.recoveryTicket, newPin: '730519' })).statusCode).toBe(409);

      expect((await me(r.cookie)).statusCode).toBe(401);
      expect((await me(other)).statusCode).toBe(401);
      expect((await signInWith(r.mobile, r.pin)).statusCode).toBe(401);
      const fresh = cookieOf(await signIn(t, r.mobile, '730518'));
      expect((await outbox(t, r.mobile)).some((m) => m.body.includes('PIN was reset'))).toBe(true);
      const events = await activity(fresh);
      expect(events).toContain('pin_reset');
      expect(events).toContain('pin_recovery_started');
      // Nothing secret in any answer.
      expect(t.bodies.some((b) => !b.url.includes('/dev/') && (b.body.includes(demo.aadhaarNumber) || b.body.includes(aadhaarOtp)))).toBe(false);
    });

    it('without Aadhaar: the password is the second factor', async () => {
      const r = await signUp(t, { username: `forgot${Date.now() % 100000}`, password: 'a long pass phrase 42' });
      const rec = await proveMobile(r.mobile);
      expect(rec.secondFactors).toEqual(['password', 'wait']);
      const wrong = await post('/password', { recoveryTicket: rec.recoveryTicket, password: 'not it at all' });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().errors[0].path).toBe('/body/password');
      expect((await post('/password', { recoveryTicket: rec.recoveryTicket, password: 'a long pass phrase 42' })).statusCode).toBe(200);
      expect((await post('/complete', { recoveryTicket: rec.recoveryTicket, newPin: '604219' })).statusCode).toBe(204);
      expect((await signIn(t, r.mobile, '604219')).statusCode).toBe(200);
    });

    it('without Aadhaar or password: a waiting period announced by SMS, cancelled by signing in', async () => {
      const r = await signUp(t);
      const rec = await proveMobile(r.mobile);
      expect(rec).toMatchObject({ secondFactors: ['wait'], waitHours: 24 });
      expect((await post('/password', { recoveryTicket: rec.recoveryTicket, password: 'anything at all' })).statusCode).toBe(403);
      const wait = await post('/wait', { recoveryTicket: rec.recoveryTicket });
      expect(wait.statusCode, wait.body).toBe(202);
      expect(Date.parse(wait.json().readyAt) - clock.now()).toBe(24 * HOUR);
      const [notice] = await outbox(t, r.mobile);
      expect(notice!.body).toContain('If this was not you, sign in');
      expect(notice!.body).not.toMatch(/\b\d{6}\b/);
      const early = await post('/complete', { recoveryTicket: rec.recoveryTicket, newPin: '519372' });
      expect(early.statusCode).toBe(403);

      clock.advance(24 * HOUR + 1000);
      const again = await proveMobile(r.mobile);
      expect(again).toMatchObject({ ready: true, secondFactors: [] });
      expect((await post('/complete', { recoveryTicket: again.recoveryTicket, newPin: '519372' })).statusCode).toBe(204);
      expect((await signIn(t, r.mobile, '519372')).statusCode).toBe(200);

      // The owner who still has the PIN cancels a reset someone else started by signing in.
      const owner = await signUp(t);
      const attempt = await proveMobile(owner.mobile);
      expect((await post('/wait', { recoveryTicket: attempt.recoveryTicket })).statusCode).toBe(202);
      expect((await signIn(t, owner.mobile, owner.pin)).statusCode).toBe(200);
      clock.advance(24 * HOUR + 1000);
      expect(await proveMobile(owner.mobile)).toMatchObject({ ready: false, secondFactors: ['wait'] });
      expect((await post('/complete', { recoveryTicket: attempt.recoveryTicket, newPin: '519372' })).statusCode).toBe(409);
    });

    it('answers a number without an account alike, and tells its owner by SMS without a code', async () => {
      const mobile = freshMobile();
      const res = await post('', { mobile });
      expect(res.statusCode).toBe(202);
      expect(Object.keys(res.json()).sort()).toEqual(['challengeId', 'expiresInSeconds', 'maskedMobile', 'resendAfterSeconds']);
      const [sms] = await outbox(t, mobile);
      expect(sms!.body).toContain('no Tijori account');
      expect(sms!.body).not.toMatch(/\b\d{6}\b/);
      const guess = await post('/verify', { challengeId: res.json().challengeId, otp: '123456' });
      expect(guess.statusCode).toBe(400);
    });

    it('tells a registered number that signs up again to use Forgot PIN, without a code', async () => {
      const r = await signUp(t);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile: r.mobile }, remoteAddress: freshIp() });
      expect(res.statusCode).toBe(202);
      const [sms] = await outbox(t, r.mobile);
      expect(sms!.body).toContain('You already have a Tijori account');
      expect(sms!.body).toContain('Forgot PIN');
      expect(sms!.body).not.toMatch(/\b\d{6}\b/);
    });

    it('limits how often codes are sent to one number', async () => {
      const mobile = freshMobile();
      let res;
      for (let i = 0; i < 100; i++) {
        res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/forgot-pin', payload: { mobile }, remoteAddress: freshIp() });
        if (res.statusCode !== 202) break;
      }
      expect(res!.statusCode).toBe(429);
      expect(Number(res!.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('refuses a made-up or tampered ticket the same way', async () => {
      const r = await signUp(t);
      const rec = await proveMobile(r.mobile);
      for (const recoveryTicket of [`${rec.recoveryTicket.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, 'nonexistent.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
        const res = await post('/wait', { recoveryTicket });
        expect(res.statusCode).toBe(409);
        expect(res.json().code).toBe('ticket_invalid');
      }
    });
  });
}
