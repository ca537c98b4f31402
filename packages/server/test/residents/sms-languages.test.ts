import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.js';
import { DIALECTS } from '../support/dialects.js';
import { cookieOf, freshIp, freshMobile, latestOtp, outbox } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every SMS is in the reader's language: a sign-up's in the language the portal sends, an
 * account's in the account's language, a number without an account in the portal's.
 */
for (const dialect of DIALECTS) {
  describe(`one-time codes and notices by SMS in the resident's language [${dialect}]`, () => {
    let t: TestApp;
    const clock = fixedClock(Date.now());
    beforeAll(async () => {
      t = await startTestApp(dialect, { clock });
    });
    afterAll(async () => t?.close());

    const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, payload, headers, remoteAddress: freshIp() });
    const newest = async (mobile: string) => (await outbox(t, mobile))[0]!.body;

    it('signs a Tamil reader up in Tamil, and then speaks to the account in its chosen language', async () => {
      const mobile = freshMobile();
      const start = await post('/api/v1/auth/sign-up', { mobile, language: 'ta' });
      expect(start.statusCode, start.body).toBe(202);
      const code = await latestOtp(t, mobile);
      expect(await newest(mobile)).toBe(`${code} என்பது திஜோரியில் பதிவு செய்வதற்கான உங்கள் OTP. இது 10 நிமிடங்களில் காலாவதியாகும். இதை யாரிடமும் ஒருபோதும் பகிர வேண்டாம்.`);

      clock.advance(61_000);
      expect((await post('/api/v1/auth/otp/resend', { challengeId: start.json().challengeId })).statusCode).toBe(202);
      const resent = await latestOtp(t, mobile);
      expect(await newest(mobile)).toMatch(new RegExp(`^${resent} என்பது திஜோரியில் பதிவு செய்வதற்கான`));

      const verify = await post('/api/v1/auth/sign-up/verify', { challengeId: start.json().challengeId, otp: resent });
      const complete = await post('/api/v1/auth/sign-up/complete', { signupTicket: verify.json().signupTicket, pin: '482913', language: 'ta' });
      expect(complete.statusCode, complete.body).toBe(201);
      expect(complete.json().resident.language).toBe('ta');

      // Marathi from now on: the sign-in code and the new-sign-in notice, device named in Marathi words.
      const cookie = cookieOf(complete);
      expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie }, payload: { language: 'mr' } })).statusCode).toBe(200);
      const ua = { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/131.0' };
      const signIn = await post('/api/v1/auth/sign-in', { login: mobile, pin: '482913' }, ua);
      const otp = await latestOtp(t, mobile);
      expect(await newest(mobile)).toMatch(new RegExp(`^${otp} हा तिजोरीत साइन इन करण्यासाठी तुमचा OTP आहे\\.`));
      expect((await post('/api/v1/auth/sign-in/verify', { challengeId: signIn.json().challengeId, otp }, ua)).statusCode).toBe(200);
      expect(await newest(mobile)).toMatch(/^तिजोरी: तुमच्या खात्यात Chrome \(Android\) वर .+ ला नवीन साइन इन झाले\./);

      // Someone tries to sign up again with this number, in English: the owner is told in Marathi.
      clock.advance(61_000);
      expect((await post('/api/v1/auth/sign-up', { mobile, language: 'en' })).statusCode).toBe(202);
      expect(await newest(mobile)).toMatch(/^कोणीतरी या नंबरने तिजोरीत साइन अप करण्याची विनंती केली\./);
    });

    it('tells a number without an account, in the portal’s language, that no PIN reset code was sent', async () => {
      const mobile = freshMobile();
      expect((await post('/api/v1/auth/forgot-pin', { mobile, language: 'bn' })).statusCode).toBe(202);
      expect(await newest(mobile)).toMatch(/^কেউ এই নম্বরের জন্য তিজোরি PIN নতুন করে সেট করতে চেয়েছে/);
      const english = freshMobile();
      expect((await post('/api/v1/auth/forgot-pin', { mobile: english })).statusCode).toBe(202);
      expect(await newest(english)).toMatch(/^Someone asked to reset a Tijori PIN for this number/);
    });

    it('accepts each new language for an account and refuses one Tijori does not speak', async () => {
      const mobile = freshMobile();
      await post('/api/v1/auth/sign-up', { mobile, language: 'kn' });
      expect(await newest(mobile)).toMatch(/ತಿಜೋರಿಯಲ್ಲಿ ಸೈನ್ ಅಪ್ ಮಾಡಲು ನಿಮ್ಮ OTP/);
      expect((await post('/api/v1/auth/sign-up', { mobile: freshMobile(), language: 'xx' })).statusCode).toBe(400);
      const te = freshMobile();
      await post('/api/v1/auth/sign-up', { mobile: te, language: 'te' });
      expect(await newest(te)).toMatch(/తిజోరీలో సైన్ అప్ కోసం మీ OTP/);
    });
  });
}
