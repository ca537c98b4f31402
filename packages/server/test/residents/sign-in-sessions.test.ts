import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.js';
import { DIALECTS } from '../support/dialects.js';
import { cookieOf, freshIp, freshMobile, latestOtp, signIn, signUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CHROME_ANDROID = 'Mozilla/5.0 (Linux; Android 13; SM-A146B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';

for (const dialect of DIALECTS) {
  describe(`sign-in and sessions [${dialect}]`, () => {
    let t: TestApp;
    const clock = fixedClock(Date.UTC(2026, 10, 23, 9, 0, 0));
    beforeAll(async () => {
      t = await startTestApp(dialect, { clock });
    });
    afterAll(async () => t?.close());

    const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });

    it('signs in with mobile, PIN and OTP, with a new session token each time', async () => {
      const r = await signUp(t);
      const res = await signIn(t, r.mobile, r.pin, { 'user-agent': CHROME_ANDROID });
      expect(res.statusCode).toBe(200);
      expect(res.json().resident.id).toBe(r.id);
      expect(cookieOf(res)).not.toBe(r.cookie);
      expect((await me(cookieOf(res))).statusCode).toBe(200);
      const sessions = await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: { cookie: cookieOf(res) } });
      const list = sessions.json().sessions as { device: string; current: boolean }[];
      expect(list).toHaveLength(2);
      expect(list.find((s) => s.current)?.device).toBe('Chrome on Android');
    });

    it('signs in with username and password', async () => {
      const r = await signUp(t, { username: `u${Date.now() % 100000}x`, password: 'correct horse battery' });
      const meRes = await me(r.cookie);
      const start = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { login: meRes.json().username, password: 'correct horse battery' },
      });
      expect(start.statusCode).toBe(202);
      const verify = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in/verify',
        payload: { challengeId: start.json().challengeId, otp: await latestOtp(t, r.mobile) },
      });
      expect(verify.statusCode).toBe(200);
    });

    it('answers a wrong PIN and an unknown number alike, and locks a login after five failures', async () => {
      const r = await signUp(t);
      const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: '000001' }, remoteAddress: freshIp() });
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { login: freshMobile(), pin: '000001' },
        remoteAddress: freshIp(),
      });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
      expect(strip(wrong.json())).toEqual(strip(unknown.json()));
      for (let i = 0; i < 4; i++)
        await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: '000001' }, remoteAddress: freshIp() });
      const locked = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: r.pin }, remoteAddress: freshIp() });
      expect(locked.statusCode).toBe(429);
      expect(locked.json().code).toBe('account_locked');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      clock.advance(15 * 60 * 1000);
      const after = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: r.pin }, remoteAddress: freshIp() });
      expect(after.statusCode).toBe(202);
    });

    it('ends a session after 15 idle minutes and after 12 hours whatever the use', async () => {
      const r = await signUp(t);
      clock.advance(14 * 60 * 1000);
      expect((await me(r.cookie)).statusCode).toBe(200);
      clock.advance(14 * 60 * 1000);
      expect((await me(r.cookie)).statusCode).toBe(200); // used 14 min ago: still alive
      clock.advance(15 * 60 * 1000);
      const idle = await me(r.cookie);
      expect(idle.statusCode).toBe(401);
      expect(idle.json().code).toBe('session_expired');

      const fresh = await signIn(t, r.mobile, r.pin);
      const cookie = cookieOf(fresh);
      for (let h = 0; h < 12 * 6; h++) {
        clock.advance(10 * 60 * 1000);
        if (h < 12 * 6 - 1) expect((await me(cookie)).statusCode).toBe(200);
      }
      const absolute = await me(cookie);
      expect(absolute.statusCode).toBe(401);
      expect(absolute.json().code).toBe('session_expired');
    });

    it('signs out one session on the server, so the old cookie stops working', async () => {
      const r = await signUp(t);
      const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: r.cookie } });
      expect(out.statusCode).toBe(204);
      expect(out.cookies.find((c) => c.name === 'tijori_session')?.value).toBe('');
      expect((await me(r.cookie)).json().code).toBe('unauthenticated');
    });

    it('ends another of my sessions, but never someone else’s', async () => {
      const r = await signUp(t);
      const second = cookieOf(await signIn(t, r.mobile, r.pin));
      const list = (await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: { cookie: second } })).json().sessions as {
        id: string;
        current: boolean;
      }[];
      const other = list.find((s) => !s.current)!;

      const stranger = await signUp(t);
      const denied = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${other.id}`, headers: { cookie: stranger.cookie } });
      expect(denied.statusCode).toBe(404);
      expect((await me(r.cookie)).statusCode).toBe(200);

      const ended = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${other.id}`, headers: { cookie: second } });
      expect(ended.statusCode).toBe(204);
      expect((await me(r.cookie)).statusCode).toBe(401);
      expect((await me(second)).statusCode).toBe(200);
    });

    it('signs out everywhere', async () => {
      const r = await signUp(t);
      const second = cookieOf(await signIn(t, r.mobile, r.pin));
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out-everywhere', headers: { cookie: second } })).statusCode).toBe(204);
      expect((await me(r.cookie)).statusCode).toBe(401);
      expect((await me(second)).statusCode).toBe(401);
    });

    it('refuses a cookie-authenticated change coming from another site', async () => {
      const r = await signUp(t);
      const res = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: { cookie: r.cookie, origin: 'https://evil.example' },
        payload: { language: 'gu' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('csrf_rejected');
      const same = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: { cookie: r.cookie, origin: 'http://localhost:80', host: 'localhost:80' },
        payload: { language: 'gu' },
      });
      expect(same.statusCode).toBe(200);
      expect(same.json().language).toBe('gu');
    });

    it('keeps only the SHA-256 of a 256-bit session token', async () => {
      const r = await signUp(t);
      const token = r.cookie.slice('tijori_session='.length);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      const rows = await t.runtime.db.kysely.selectFrom('sessions').selectAll().where('resident_id', '=', r.id).execute();
      expect(rows.map((row) => row.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    it('limits sign-in attempts from one address: the 31st in 15 minutes answers 429', async () => {
      const ip = freshIp();
      const send = () => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: freshMobile(), pin: '000001' }, remoteAddress: ip });
      for (let i = 0; i < 30; i++) expect((await send()).statusCode).toBe(401);
      const over = await send();
      expect(over.statusCode).toBe(429);
      expect(over.json().code).toBe('rate_limited');
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      // Another address is not held back.
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: freshMobile(), pin: '000001' }, remoteAddress: freshIp() }))
          .statusCode,
      ).toBe(401);
    });

    it('requires a session for everything under /api/v1/me', async () => {
      for (const url of ['/api/v1/me', '/api/v1/me/sessions', '/api/v1/me/activity', '/api/v1/me/photo', '/api/v1/me/activity/verify']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(401);
        expect(res.json().code).toBe('unauthenticated');
      }
      const forged = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
      expect(forged.statusCode).toBe(401);
    });
  });

  describe(`the session cookie behind https [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_PUBLIC_URL: 'https://locker.example' } });
    });
    afterAll(async () => t?.close());

    it('is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, host-only and for the whole site', async () => {
      const mobile = freshMobile();
      const start = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile }, remoteAddress: freshIp() });
      const verify = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up/verify',
        payload: { challengeId: start.json().challengeId, otp: await latestOtp(t, mobile) },
      });
      const complete = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up/complete',
        payload: { signupTicket: verify.json().signupTicket, pin: '572910' },
      });
      expect(complete.statusCode, complete.body).toBe(201);
      expect(complete.cookies.map((c) => c.name)).toEqual(['__Host-tijori_session']);
      expect(complete.cookies[0]).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(complete.cookies[0]!.domain).toBeUndefined();
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `__Host-tijori_session=${complete.cookies[0]!.value}` } });
      expect(me.statusCode).toBe(200);
    });
  });
}
