import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainDeps } from '../../src/app.js';
import { createDb } from '../../src/db/create-db.js';
import { createStaffUser } from '../../src/domain/staff/staff-accounts.js';
import { otpChallengesRepository } from '../../src/repositories/otp-challenges.repository.js';
import { rateLimitsRepository } from '../../src/repositories/rate-limits.repository.js';
import { DIALECTS } from '../support/dialects.js';
import { freshIp, freshMobile, latestOtp, signUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const codes = (bodies: { statusCode: number; json(): { code: string } }[]) =>
  bodies.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.json().code]: (acc[r.json().code] ?? 0) + 1 }), {});

for (const dialect of DIALECTS) {
  describe(`lockouts under concurrency [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('the attempt counter itself: 30 attempts taken at once through two connections, exactly five get a count', async () => {
      // Requests reach the counter one after another in one process on SQLite (the driver is
      // synchronous); two connections taking at once show a count that reads and then writes.
      const second = createDb(t.config.database);
      try {
        const [a, b] = [rateLimitsRepository(t.runtime.db.kysely), rateLimitsRepository(second.kysely)];
        const key = `race:${freshIp()}`;
        const now = t.runtime.clock.now();
        const counts = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? b : a).take(key, 5, 60_000, now)));
        expect(counts.filter((c) => c !== undefined).sort()).toEqual([1, 2, 3, 4, 5]);
        expect(await a.peek(key, 60_000, now)).toBe(5);
      } finally {
        await second.close();
      }
    });

    it("an OTP's attempt counter itself: 30 attempts taken at once through two connections, exactly five get a count", async () => {
      const start = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile: freshMobile() }, remoteAddress: freshIp() });
      const { challengeId } = start.json() as { challengeId: string };
      const second = createDb(t.config.database);
      try {
        const [a, b] = [otpChallengesRepository(t.runtime.db.kysely), otpChallengesRepository(second.kysely)];
        const now = t.runtime.clock.now();
        const counts = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? b : a).takeAttempt(challengeId, 5, now)));
        expect(counts.filter((c) => c !== undefined).sort()).toEqual([1, 2, 3, 4, 5]);
        expect((await a.find(challengeId))?.attempts).toBe(5);
      } finally {
        await second.close();
      }
    });

    it('30 wrong PINs sent at once from one address: exactly five are checked, the rest are refused as locked', async () => {
      const r = await signUp(t);
      const ip = freshIp();
      const all = await Promise.all(
        Array.from({ length: 30 }, () =>
          t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: '000001' }, remoteAddress: ip }),
        ),
      );
      expect(codes(all)).toEqual({ invalid_credentials: 5, account_locked: 25 });
      // the owner's right PIN is refused while the lock lasts
      const owner = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: r.pin }, remoteAddress: freshIp() });
      expect(owner.json().code).toBe('account_locked');
    });

    it('30 wrong PINs from 30 addresses at once: exactly five are checked', async () => {
      const r = await signUp(t);
      const all = await Promise.all(
        Array.from({ length: 30 }, () =>
          t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: '000001' }, remoteAddress: freshIp() }),
        ),
      );
      expect(codes(all)).toEqual({ invalid_credentials: 5, account_locked: 25 });
    });

    it('30 wrong PINs at once when re-entering the PIN for a change: exactly five are checked', async () => {
      const r = await signUp(t);
      const all = await Promise.all(
        Array.from({ length: 30 }, () =>
          t.app.inject({ method: 'POST', url: '/api/v1/me/pin', headers: { cookie: r.cookie }, payload: { currentPin: '000001' } }),
        ),
      );
      expect(codes(all)).toEqual({ invalid_credentials: 5, account_locked: 25 });
    });

    it('30 wrong PINs at once split across two servers on one database: exactly five are checked', async () => {
      const second = await startTestApp(dialect, { database: () => t.config.database });
      try {
        const r = await signUp(t);
        const all = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            (i % 2 ? second : t).app.inject({
              method: 'POST',
              url: '/api/v1/auth/sign-in',
              payload: { login: r.mobile, pin: '000001' },
              remoteAddress: freshIp(),
            }),
          ),
        );
        expect(codes(all)).toEqual({ invalid_credentials: 5, account_locked: 25 });
      } finally {
        await second.close();
      }
    });

    it('30 wrong OTPs sent at once for one sign-up code: exactly five are checked, then the right one is refused too', async () => {
      const mobile = freshMobile();
      const start = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile }, remoteAddress: freshIp() });
      expect(start.statusCode, start.body).toBe(202);
      const { challengeId } = start.json() as { challengeId: string };
      const otp = await latestOtp(t, mobile);
      const wrong = otp === '000001' ? '000002' : '000001';
      const all = await Promise.all(
        Array.from({ length: 30 }, () =>
          t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up/verify', payload: { challengeId, otp: wrong }, remoteAddress: freshIp() }),
        ),
      );
      // Four answer how many attempts are left, the fifth locks the code, the rest find it locked.
      expect(codes(all)).toEqual({ otp_wrong: 4, otp_locked: 26 });
      expect(all.filter((r) => (r.json() as { lockedNow?: boolean }).lockedNow === true)).toHaveLength(1);
      const right = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up/verify', payload: { challengeId, otp }, remoteAddress: freshIp() });
      expect(right.json().code).toBe('otp_locked');
    });

    it('30 wrong console passwords at once: exactly five are checked', async () => {
      const username = `staff${Date.now() % 100000}`;
      await createStaffUser(
        createDomainDeps(t.runtime),
        { kind: 'host', command: 'create-operator' },
        { username, password: 'a long right password', name: 'Op', role: 'operator' },
      );
      const ip = freshIp();
      const all = await Promise.all(
        Array.from({ length: 30 }, () =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/staff/sign-in',
            payload: { username, password: 'a long wrong password', sessionType: 'bearer' },
            remoteAddress: ip,
          }),
        ),
      );
      expect(codes(all)).toEqual({ invalid_credentials: 5, account_locked: 25 });
      const right = await t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/sign-in',
        payload: { username, password: 'a long right password', sessionType: 'bearer' },
        remoteAddress: freshIp(),
      });
      expect(right.json().code).toBe('account_locked');
    });
  });
}
