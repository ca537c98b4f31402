import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { cookieOf, freshIp, freshMobile, latestOtp, linkAadhaar, sandboxResident, signIn, signUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`account lifecycle [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => t?.close());
    const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });

    it('changes the PIN after the current PIN and an OTP, ending every other session', async () => {
      const r = await signUp(t);
      const other = cookieOf(await signIn(t, r.mobile, r.pin));
      const wrongPin = await t.app.inject({ method: 'POST', url: '/api/v1/me/pin', headers: { cookie: r.cookie }, payload: { currentPin: '000001' } });
      expect(wrongPin.statusCode).toBe(401);
      expect(wrongPin.json().errors[0].path).toBe('/body/currentPin');
      const start = await t.app.inject({ method: 'POST', url: '/api/v1/me/pin', headers: { cookie: r.cookie }, payload: { currentPin: r.pin } });
      expect(start.statusCode).toBe(202);
      const done = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/pin/verify',
        headers: { cookie: r.cookie },
        payload: { challengeId: start.json().challengeId, otp: await latestOtp(t, r.mobile), newPin: '803615' },
      });
      expect(done.statusCode).toBe(204);
      expect((await me(r.cookie)).statusCode).toBe(200);
      expect((await me(other)).statusCode).toBe(401);
      const oldPin = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: r.pin }, remoteAddress: freshIp() });
      expect(oldPin.statusCode).toBe(401);
      expect((await signIn(t, r.mobile, '803615')).statusCode).toBe(200);
    });

    it('moves the account to a new mobile proven by OTP', async () => {
      const r = await signUp(t);
      const other = cookieOf(await signIn(t, r.mobile, r.pin));
      const newMobile = freshMobile();
      const start = await t.app.inject({ method: 'POST', url: '/api/v1/me/mobile', headers: { cookie: r.cookie }, payload: { pin: r.pin, newMobile } });
      expect(start.statusCode).toBe(202);
      expect(start.json().maskedMobile).toBe(`XXXXXX${newMobile.slice(-4)}`);
      const done = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/mobile/verify',
        headers: { cookie: r.cookie },
        payload: { challengeId: start.json().challengeId, otp: await latestOtp(t, newMobile) },
      });
      expect(done.statusCode).toBe(200);
      expect(done.json().mobile).toBe(newMobile);
      expect((await me(other)).statusCode).toBe(401);
    });

    it('lets a recycled mobile number start from nothing after the old account is deleted', async () => {
      const demo = await sandboxResident(t, 5);
      const old = await signUp(t);
      expect((await linkAadhaar(t, old.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      const { photo_sha256: photo } = await t.runtime.db.kysely
        .selectFrom('residents')
        .select('photo_sha256')
        .where('id', '=', old.id)
        .executeTakeFirstOrThrow();
      expect(await t.runtime.blobs.head(photo!)).not.toBeNull();
      const start = await t.app.inject({ method: 'POST', url: '/api/v1/me/delete', headers: { cookie: old.cookie }, payload: { pin: old.pin } });
      expect(start.statusCode).toBe(202);
      const done = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/delete/verify',
        headers: { cookie: old.cookie },
        payload: { challengeId: start.json().challengeId, otp: await latestOtp(t, old.mobile) },
      });
      expect(done.statusCode).toBe(204);
      expect((await me(old.cookie)).statusCode).toBe(401);
      // The photo went with the account.
      expect(await t.runtime.blobs.head(photo!)).toBeNull();

      const next = await signUp(t, { mobile: old.mobile, pin: '395028' });
      expect(next.id).not.toBe(old.id);
      const profile = (await me(next.cookie)).json();
      expect(profile).toMatchObject({ aadhaar: { linked: false, masked: null }, profile: null });
      const activity = (await t.app.inject({ method: 'GET', url: '/api/v1/me/activity', headers: { cookie: next.cookie } })).json();
      expect(activity.events.map((e: { type: string }) => e.type)).toEqual(['signed_up']);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/photo', headers: { cookie: next.cookie } })).statusCode).toBe(404);
      // The old PIN means nothing now, and the Aadhaar is free to link again.
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: old.mobile, pin: old.pin }, remoteAddress: freshIp() }))
          .statusCode,
      ).toBe(401);
      expect((await linkAadhaar(t, next.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      // The same photo, stored again once its purge is done, reads back.
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/photo', headers: { cookie: next.cookie } })).statusCode).toBe(200);
      const vault = await sql<{ n: number }>`select count(*) as n from aadhaar_vault`.execute(t.runtime.db.kysely);
      expect(Number(vault.rows[0]!.n)).toBe(1);
    });
  });
}
