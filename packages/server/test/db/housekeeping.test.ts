import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainDeps } from '../../src/app.js';
import { purgeExpired } from '../../src/domain/maintenance/purge-expired.js';
import { fixedClock } from '../../src/lib/clock.js';
import { DIALECTS } from '../support/dialects.js';
import { freshIp, freshMobile, signUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DAY = 24 * 60 * 60 * 1000;

for (const dialect of DIALECTS) {
  describe(`housekeeping [${dialect}]`, () => {
    let t: TestApp;
    const clock = fixedClock(Date.UTC(2026, 10, 23, 9));
    beforeAll(async () => {
      t = await startTestApp(dialect, { clock });
    });
    afterAll(async () => t?.close());

    it('removes expired challenges and stale rate-limit windows, and leaves live ones', async () => {
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile: freshMobile() }, remoteAddress: freshIp() });
      clock.advance(2 * 24 * 60 * 60 * 1000);
      const r = await signUp(t);
      const purged = await purgeExpired({ db: t.runtime.db.kysely, clock });
      expect(purged.challenges).toBe(1);
      expect(purged.rateLimits).toBe(2);
      const left = await t.runtime.db.kysely.selectFrom('otp_challenges').select('mobile').execute();
      expect(left.map((x) => x.mobile)).toEqual([r.mobile]);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: r.cookie } })).statusCode).toBe(200);
    });

    it('removes the console’s TOTP sign-in tickets a day after they expired, and leaves live ones', async () => {
      const repo = createDomainDeps(t.runtime).repos.staffTotp;
      const now = clock.now();
      await repo.insertChallenge({
        id: 'old',
        token_hash: 'a'.repeat(64),
        staff_id: 's',
        created_at: now - 2 * DAY,
        expires_at: now - 2 * DAY + 300_000,
        used_at: null,
      });
      await repo.insertChallenge({ id: 'live', token_hash: 'b'.repeat(64), staff_id: 's', created_at: now, expires_at: now + 300_000, used_at: null });
      expect((await purgeExpired({ db: t.runtime.db.kysely, clock })).staffTotpChallenges).toBe(1);
      expect(await t.runtime.db.kysely.selectFrom('staff_totp_challenges').select('id').execute()).toEqual([{ id: 'live' }]);
    });
  });
}
