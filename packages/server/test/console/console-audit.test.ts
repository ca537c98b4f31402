import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainDeps } from '../../src/app.js';
import { createStaffUser } from '../../src/domain/staff/staff-accounts.js';
import { refuseAudit } from '../support/audit.js';
import { DIALECTS } from '../support/dialects.js';
import { freshIp } from '../support/residents.js';
import { bearer, nextTotpCode, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'a long console password';

const tally = (values: string[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

for (const dialect of DIALECTS) {
  describe(`console sign-ins and second-factor changes in the audit log [${dialect}]`, () => {
    let t: TestApp;
    let op: string;
    let n = 0;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      op = await staffToken(t);
    });
    afterAll(async () => t?.close());

    const db = () => t.runtime.db.kysely;
    const signIn = (username: string, password = PASSWORD, app = t) =>
      app.app.inject({ method: 'POST', url: '/api/v1/staff/sign-in', payload: { username, password, sessionType: 'bearer' }, remoteAddress: freshIp() });
    const post = (url: string, token: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url, headers: bearer(token), payload, remoteAddress: freshIp() });
    const failures = async (username: string) =>
      (await db().selectFrom('audit_log').select('details').where('action', '=', 'staff.sign_in_failed').where('target', '=', username).execute()).map(
        (r) => (JSON.parse(r.details) as { reason: string }).reason,
      );
    const chain = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/audit-log/verify', headers: bearer(op) })).json();
    const enrolled = async (token: string) => (await t.app.inject({ method: 'GET', url: '/api/v1/staff/totp', headers: bearer(token) })).json();

    async function newStaff(): Promise<string> {
      const deps = createDomainDeps(t.runtime);
      const username = `audited.${dialect}.${++n}`;
      const issuerId = (await deps.repos.issuers.findByOrgId('in.gov.cbse'))!.id;
      await createStaffUser(deps, { kind: 'host', command: 'create-operator' }, { username, password: PASSWORD, name: username, role: 'issuer', issuerId });
      return username;
    }

    /** A signed-in issuer staff user with a second factor: its session token and recovery codes. */
    async function enrolledStaff(): Promise<{ username: string; token: string; recoveryCodes: string[] }> {
      const username = await newStaff();
      const token = (await signIn(username)).json().token as string;
      expect((await post('/api/v1/staff/totp/enrol', token, {})).statusCode).toBe(200);
      const confirmed = await post('/api/v1/staff/totp/confirm', token, { code: await nextTotpCode(t, username) });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      return { username, token, recoveryCodes: confirmed.json().recoveryCodes };
    }

    it('records every one of many failed sign-ins sent at once to two servers exactly once, and the chain stays valid', async () => {
      const second = await startTestApp(dialect, { database: () => t.config.database });
      try {
        const username = await newStaff();
        const unknown = `nobody.${dialect}.${Date.now() % 100000}`;
        const all = await Promise.all([
          ...Array.from({ length: 12 }, (_, i) => signIn(username, 'a long wrong password', i % 2 ? second : t)),
          ...Array.from({ length: 6 }, (_, i) => signIn(unknown, 'a long wrong password', i % 2 ? second : t)),
        ]);
        expect(tally(all.slice(0, 12).map((r) => r.json().code))).toEqual({ invalid_credentials: 5, account_locked: 7 });
        expect(tally(await failures(username))).toEqual({ password_wrong: 5, locked: 7 });
        expect(tally(await failures(unknown))).toEqual({ unknown_user: 5, locked: 1 });
        // A locked name is refused, and recorded, without another count.
        expect((await signIn(username)).json().code).toBe('account_locked');
        expect(tally(await failures(username))).toEqual({ password_wrong: 5, locked: 8 });
        const verified = await chain();
        expect(verified).toMatchObject({ valid: true, brokenAt: null });
        expect(verified.count).toBe(
          Number(
            (
              await db()
                .selectFrom('audit_log')
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        );
      } finally {
        await second.close();
      }
    });

    it('counts no guess for a failed sign-in whose audit entry cannot be written', async () => {
      const username = await newStaff();
      const allow = await refuseAudit(db(), dialect, 'staff.sign_in_failed');
      try {
        for (let i = 0; i < 6; i++) expect((await signIn(username, 'a long wrong password')).statusCode).toBeGreaterThanOrEqual(500);
      } finally {
        await allow();
      }
      expect(await failures(username)).toEqual([]);
      // None of the six was counted: the right password still signs in.
      expect((await signIn(username)).json().next).toBe('done');
    });

    it('a second factor whose audit entry cannot be written is not set up, turned off or renewed', async () => {
      // Set-up: the code confirms nothing, and works once the entry can be written.
      const username = await newStaff();
      const token = (await signIn(username)).json().token as string;
      expect((await post('/api/v1/staff/totp/enrol', token, {})).statusCode).toBe(200);
      let allow = await refuseAudit(db(), dialect, 'staff.totp_enrolled');
      const code = await nextTotpCode(t, username);
      expect((await post('/api/v1/staff/totp/confirm', token, { code })).statusCode).toBeGreaterThanOrEqual(500);
      await allow();
      expect(await enrolled(token)).toMatchObject({ enrolled: false, recoveryCodesLeft: 0 });
      expect((await signIn(username)).json().next).toBe('done');
      expect((await post('/api/v1/staff/totp/confirm', token, { code })).statusCode).toBe(200);

      // Turning it off: still on, the other sessions still open, the code still unspent.
      const other = await enrolledStaff();
      const otherSession = (
        await post('/api/v1/staff/sign-in/totp', (await signIn(other.username)).json().pendingToken, { recoveryCode: other.recoveryCodes[0] })
      ).json().token as string;
      allow = await refuseAudit(db(), dialect, 'staff.totp_disabled');
      const offCode = await nextTotpCode(t, other.username);
      expect((await post('/api/v1/staff/totp/disable', other.token, { code: offCode })).statusCode).toBeGreaterThanOrEqual(500);
      await allow();
      expect(await enrolled(other.token)).toMatchObject({ enrolled: true, recoveryCodesLeft: 9 });
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: bearer(otherSession) })).statusCode).toBe(200);
      expect((await post('/api/v1/staff/totp/disable', other.token, { code: offCode })).statusCode).toBe(204);

      // Renewing recovery codes: the old ones still work.
      const third = await enrolledStaff();
      allow = await refuseAudit(db(), dialect, 'staff.recovery_codes_renewed');
      expect((await post('/api/v1/staff/totp/recovery-codes', third.token, { code: await nextTotpCode(t, third.username) })).statusCode).toBeGreaterThanOrEqual(
        500,
      );
      await allow();
      const old = await post('/api/v1/staff/sign-in/totp', (await signIn(third.username)).json().pendingToken, { recoveryCode: third.recoveryCodes[0] });
      expect(old.statusCode, old.body).toBe(200);

      const actions = (await db().selectFrom('audit_log').select(['action', 'target']).orderBy('seq').execute()).map((r) => `${r.action} ${r.target}`);
      expect(actions.filter((a) => a === `staff.totp_enrolled ${username}`)).toHaveLength(1);
      expect(actions.filter((a) => a === `staff.totp_disabled ${other.username}`)).toHaveLength(1);
      expect(actions.filter((a) => a.startsWith('staff.recovery_codes_renewed'))).toEqual([]);
      expect(await chain()).toMatchObject({ valid: true, brokenAt: null });
    });
  });
}
