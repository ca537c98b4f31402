import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTP_SEND_CAPS } from '../../src/domain/auth/otp-send-caps.js';
import { DIALECTS } from '../support/dialects.js';
import { freshIp, freshMobile, outbox, signUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`OTP quotas and SMS caps [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it("strangers asking to sign up with a registered number never block its owner's sign-in", async () => {
      const r = await signUp(t);
      for (let i = 0; i < 8; i++) {
        await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile: r.mobile }, remoteAddress: freshIp() });
      }
      const strangers = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile: r.mobile }, remoteAddress: freshIp() });
      expect(strangers.statusCode).toBe(429);
      const owner = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: r.pin }, remoteAddress: freshIp() });
      expect(owner.statusCode, owner.body).toBe(202);
    });

    it('one account asking for codes to 12 new numbers in a row gets the per-account cap sent, then 429', async () => {
      const r = await signUp(t);
      const numbers = Array.from({ length: 12 }, () => freshMobile());
      const all = [];
      for (const newMobile of numbers) {
        all.push(
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/me/mobile',
            headers: { cookie: r.cookie },
            payload: { pin: r.pin, newMobile },
            remoteAddress: freshIp(),
          }),
        );
      }
      const accepted = all.filter((res) => res.statusCode === 202).length;
      expect(accepted).toBe(OTP_SEND_CAPS.perAccount.max);
      expect(all.filter((res) => res.statusCode === 429).every((res) => res.json().code === 'rate_limited')).toBe(true);
      let sent = 0;
      for (const to of numbers) sent += (await outbox(t, to)).length;
      expect(sent).toBe(accepted);
    });

    it("PIN-change codes stop at 5 an hour too (account and number caps), without using up the account's mobile-change codes", async () => {
      const r = await signUp(t);
      const all = [];
      for (let i = 0; i <= OTP_SEND_CAPS.perAccount.max; i++) {
        all.push(
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/me/pin',
            headers: { cookie: r.cookie },
            payload: { currentPin: r.pin },
            remoteAddress: freshIp(),
          }),
        );
      }
      expect(all.map((res) => res.statusCode)).toEqual([...Array<number>(OTP_SEND_CAPS.perAccount.max).fill(202), 429]);
      expect(all.at(-1)!.json().code).toBe('rate_limited');
      expect((await outbox(t, r.mobile)).length).toBe(1 + OTP_SEND_CAPS.perAccount.max); // the sign-up code, then the PIN-change codes
      const mobileChange = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/mobile',
        headers: { cookie: r.cookie },
        payload: { pin: r.pin, newMobile: freshMobile() },
        remoteAddress: freshIp(),
      });
      expect(mobileChange.statusCode, mobileChange.body).toBe(202);
    });

    it('one address asking to sign up 40 numbers gets at most the per-address cap sent', async () => {
      const ip = freshIp();
      const numbers = Array.from({ length: 40 }, () => freshMobile());
      const all = await Promise.all(
        numbers.map((mobile) => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile }, remoteAddress: ip })),
      );
      expect(all.filter((res) => res.statusCode === 202).length).toBe(OTP_SEND_CAPS.perIp.max);
      let sent = 0;
      for (const to of numbers) sent += (await outbox(t, to)).length;
      expect(sent).toBe(OTP_SEND_CAPS.perIp.max);
    });

    it('one number gets at most the per-destination cap of codes, whoever asks', async () => {
      const mobile = freshMobile();
      const all = await Promise.all(
        Array.from({ length: 12 }, () => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile }, remoteAddress: freshIp() })),
      );
      expect(all.filter((res) => res.statusCode === 202).length).toBe(OTP_SEND_CAPS.perDestination.max);
      expect((await outbox(t, mobile)).length).toBe(OTP_SEND_CAPS.perDestination.max);
    });
  });
}
