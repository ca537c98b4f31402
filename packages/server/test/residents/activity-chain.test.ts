import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { freshIp, signIn, signUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`activity log [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => t?.close());
    const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

    it('records sign-up, failed and successful sign-ins and sign-outs, newest first, only for their owner', async () => {
      const r = await signUp(t);
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: '000001' }, remoteAddress: freshIp() });
      const second = await signIn(t, r.mobile, r.pin, {
        'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1',
      });
      expect(second.statusCode).toBe(200);
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: r.cookie } });

      const stranger = await signUp(t);
      const theirs = (await get('/api/v1/me/activity', stranger.cookie)).json();
      expect(theirs.events.map((e: { type: string }) => e.type)).toEqual(['signed_up']);

      const fresh = (await signIn(t, r.mobile, r.pin)).cookies.find((c) => c.name === 'tijori_session')!.value;
      const mine = (await get('/api/v1/me/activity', `tijori_session=${fresh}`)).json();
      expect(mine.events.map((e: { type: string }) => e.type)).toEqual(['signed_in', 'session_ended', 'signed_in', 'sign_in_failed', 'signed_up']);
      expect(mine.events[2].device).toBe('Safari on iOS');
      expect(mine.events.map((e: { seq: number }) => e.seq)).toEqual([5, 4, 3, 2, 1]);
      expect(mine.head).toBe(mine.events[0].hash);
      const page = (await get('/api/v1/me/activity?limit=2&before=4', `tijori_session=${fresh}`)).json();
      expect(page.events.map((e: { seq: number }) => e.seq)).toEqual([3, 2]);
    });

    it('verifies the chain, and detects an event edited in the database afterwards', async () => {
      const r = await signUp(t);
      await signIn(t, r.mobile, r.pin);
      await signIn(t, r.mobile, r.pin);
      const ok = (await get('/api/v1/me/activity/verify', r.cookie)).json();
      expect(ok).toMatchObject({ valid: true, count: 3 });

      await t.runtime.db.kysely
        .updateTable('activity_events')
        .set({ details: JSON.stringify({ ip: '203.0.113.9', device: 'Chrome on Android' }) })
        .where('resident_id', '=', r.id)
        .where('seq', '=', 2)
        .execute();
      const bad = (await get('/api/v1/me/activity/verify', r.cookie)).json();
      expect(bad).toMatchObject({ valid: false, brokenAtSeq: 2 });
    });

    it('keeps one unbroken chain when many events are written at once', async () => {
      const r = await signUp(t);
      await Promise.all(
        Array.from({ length: 5 }, () =>
          t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: '000001' }, remoteAddress: freshIp() }),
        ),
      );
      const verdict = (await get('/api/v1/me/activity/verify', r.cookie)).json();
      expect(verdict.valid).toBe(true);
      expect(verdict.count).toBe(1 + 5);
    });
  });
}
