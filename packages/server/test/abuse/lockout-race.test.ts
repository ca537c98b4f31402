import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainDeps } from '../../src/app.js';
import { createStaffUser } from '../../src/domain/staff/staff-accounts.js';
import { DIALECTS } from '../support/dialects.js';
import { freshIp, signUp } from '../support/residents.js';
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

    it('30 wrong PINs sent at once from one address: exactly five are checked, the rest are refused as locked', async () => {
      const r = await signUp(t);
      const ip = freshIp();
      const all = await Promise.all(
        Array.from({ length: 30 }, () => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: '000001' }, remoteAddress: ip })),
      );
      expect(codes(all)).toEqual({ invalid_credentials: 5, account_locked: 25 });
      // the owner's right PIN is refused while the lock lasts
      const owner = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: r.pin }, remoteAddress: freshIp() });
      expect(owner.json().code).toBe('account_locked');
    });

    it('30 wrong PINs from 30 addresses at once: exactly five are checked', async () => {
      const r = await signUp(t);
      const all = await Promise.all(
        Array.from({ length: 30 }, () => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: '000001' }, remoteAddress: freshIp() })),
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
            (i % 2 ? second : t).app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: '000001' }, remoteAddress: freshIp() }),
          ),
        );
        expect(codes(all)).toEqual({ invalid_credentials: 5, account_locked: 25 });
      } finally {
        await second.close();
      }
    });

    it('30 wrong console passwords at once: exactly five are checked', async () => {
      const username = `staff${Date.now() % 100000}`;
      await createStaffUser(createDomainDeps(t.runtime), { username, password: 'a long right password', name: 'Op', role: 'operator' });
      const ip = freshIp();
      const all = await Promise.all(
        Array.from({ length: 30 }, () => t.app.inject({ method: 'POST', url: '/api/v1/staff/sign-in', payload: { username, password: 'a long wrong password', sessionType: 'bearer' }, remoteAddress: ip })),
      );
      expect(codes(all)).toEqual({ invalid_credentials: 5, account_locked: 25 });
      const right = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sign-in', payload: { username, password: 'a long right password', sessionType: 'bearer' }, remoteAddress: freshIp() });
      expect(right.json().code).toBe('account_locked');
    });
  });
}
