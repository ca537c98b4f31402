import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.js';
import { DIALECTS } from '../support/dialects.js';
import { freshIp, freshMobile, latestOtp, outbox, signUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const wrongOf = (otp: string) => String((Number(otp) + 1) % 1_000_000).padStart(6, '0');

for (const dialect of DIALECTS) {
  describe(`OTP rules [${dialect}]`, () => {
    let t: TestApp;
    const clock = fixedClock(Date.UTC(2026, 10, 23, 9, 0, 0));
    beforeAll(async () => {
      t = await startTestApp(dialect, { clock });
    });
    afterAll(async () => t?.close());

    async function startSignUp() {
      const mobile = freshMobile();
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile }, remoteAddress: freshIp() });
      expect(res.statusCode).toBe(202);
      return { mobile, challengeId: res.json().challengeId as string, otp: await latestOtp(t, mobile) };
    }
    const verify = (challengeId: string, otp: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up/verify', payload: { challengeId, otp } });

    it('uses six digits and stores no code in clear', async () => {
      const { otp, challengeId } = await startSignUp();
      expect(otp).toMatch(/^\d{6}$/);
      const row = await t.runtime.db.kysely.selectFrom('otp_challenges').selectAll().where('id', '=', challengeId).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(otp);
      expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('counts wrong answers down and dies after five, even for the right code', async () => {
      const { challengeId, otp } = await startSignUp();
      for (let left = 4; left >= 1; left--) {
        const res = await verify(challengeId, wrongOf(otp));
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'otp_wrong', attemptsLeft: left });
      }
      const fifth = await verify(challengeId, wrongOf(otp));
      expect(fifth.statusCode).toBe(429);
      expect(fifth.json().code).toBe('otp_locked');
      const right = await verify(challengeId, otp);
      expect(right.statusCode).toBe(429);
      expect(right.json().code).toBe('otp_locked');
    });

    it('expires after ten minutes', async () => {
      const { challengeId, otp } = await startSignUp();
      clock.advance(10 * 60 * 1000);
      const res = await verify(challengeId, otp);
      expect(res.statusCode).toBe(410);
      expect(res.json().code).toBe('otp_expired');
    });

    it('works once', async () => {
      const { challengeId, otp } = await startSignUp();
      expect((await verify(challengeId, otp)).statusCode).toBe(200);
      const again = await verify(challengeId, otp);
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('otp_used');
    });

    it('accepts exactly one of 100 parallel submissions of the right code', async () => {
      const { challengeId, otp } = await startSignUp();
      const results = await Promise.all(Array.from({ length: 100 }, () => verify(challengeId, otp)));
      const ok = results.filter((r) => r.statusCode === 200);
      expect(ok).toHaveLength(1);
      for (const r of results.filter((x) => x.statusCode !== 200)) {
        expect(['otp_used', 'otp_locked']).toContain(r.json().code);
      }
    });

    it('is bound to its purpose: a sign-up code cannot complete a sign-in', async () => {
      const { challengeId, otp } = await startSignUp();
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in/verify', payload: { challengeId, otp } });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('challenge_not_found');
    });

    it('is bound to its request: the code of one challenge does not answer another', async () => {
      const a = await startSignUp();
      const b = await startSignUp();
      if (a.otp === b.otp) return void expect(a.otp).toBe(b.otp); // a one-in-a-million coincidence
      const res = await verify(b.challengeId, a.otp);
      expect(res.json().code).toBe('otp_wrong');
    });

    it('resends no sooner than 60 seconds, and the new code replaces the old', async () => {
      const { challengeId, otp, mobile } = await startSignUp();
      const early = await t.app.inject({ method: 'POST', url: '/api/v1/auth/otp/resend', payload: { challengeId } });
      expect(early.statusCode).toBe(429);
      expect(early.json().code).toBe('otp_resend_too_soon');
      expect(Number(early.headers['retry-after'])).toBeGreaterThan(0);
      clock.advance(60_000);
      const later = await t.app.inject({ method: 'POST', url: '/api/v1/auth/otp/resend', payload: { challengeId } });
      expect(later.statusCode).toBe(202);
      expect(await outbox(t, mobile)).toHaveLength(2);
      const fresh = await latestOtp(t, mobile);
      if (fresh !== otp) expect((await verify(challengeId, otp)).json().code).toBe('otp_wrong');
      expect((await verify(challengeId, fresh)).statusCode).toBe(200);
    });

    it('answers unknown challenges and malformed codes cleanly', async () => {
      const unknown = await verify('A'.repeat(22), '123456');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('challenge_not_found');
      const { challengeId } = await startSignUp();
      for (const otp of ['12345', '1234567', 'abcdef']) {
        const bad = await verify(challengeId, otp);
        expect(bad.statusCode).toBe(400);
        expect(bad.json().errors[0].path).toBe('/body/otp');
      }
    });

    it('never writes a code into the logs', async () => {
      const { otp, challengeId } = await startSignUp();
      await verify(challengeId, otp);
      const someone = await signUp(t);
      expect(someone.id).toBeTruthy();
      const logs = JSON.stringify(t.logs);
      expect(logs).not.toMatch(new RegExp(`(?<![0-9a-f])${otp}(?![0-9a-f])`));
    });
  });
}
