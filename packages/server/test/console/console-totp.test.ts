import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainDeps } from '../../src/app.js';
import { base32Decode, totpCode, totpStep } from '../../src/crypto/totp.js';
import { createStaffUser } from '../../src/domain/staff/staff-accounts.js';
import { DEMO_ISSUER_STAFF_PASSWORD, DEMO_OPERATOR } from '../../src/seed/demo-directory.js';
import { DIALECTS } from '../support/dialects.js';
import { freshIp } from '../support/residents.js';
import { bearer, nextTotpCode, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'a long console password';

for (const dialect of DIALECTS) {
  describe(`console second factor (TOTP) [${dialect}]`, () => {
    let t: TestApp;
    let n = 0;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    const inject = (method: 'GET' | 'POST', url: string, token?: string, payload?: Record<string, unknown>, ip = '203.0.113.9') =>
      t.app.inject({ method, url, ...(token ? { headers: bearer(token) } : {}), ...(payload !== undefined ? { payload } : {}), remoteAddress: ip });
    const signIn = (username: string, password = PASSWORD) => inject('POST', '/api/v1/staff/sign-in', undefined, { username, password, sessionType: 'bearer' });

    async function newStaff(role: 'operator' | 'issuer'): Promise<string> {
      const deps = createDomainDeps(t.runtime);
      const username = `${role}.${dialect}.${++n}`;
      const issuerId = role === 'issuer' ? (await deps.repos.issuers.findByOrgId('in.gov.cbse'))!.id : undefined;
      await createStaffUser(
        deps,
        { kind: 'host', command: 'create-operator' },
        { username, password: PASSWORD, name: username, role, ...(issuerId ? { issuerId } : {}) },
      );
      return username;
    }

    /** Enrols through the API; answers the secret and the recovery codes. */
    async function enrol(username: string, token: string): Promise<{ secret: Buffer; recoveryCodes: string[] }> {
      const started = await inject('POST', '/api/v1/staff/totp/enrol', token);
      expect(started.statusCode, started.body).toBe(200);
      const confirmed = await inject('POST', '/api/v1/staff/totp/confirm', token, { code: await nextTotpCode(t, username) });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      return { secret: base32Decode(started.json().secret), recoveryCodes: confirmed.json().recoveryCodes };
    }

    /** A 6-digit code the app does not show in the accepted window. */
    function wrongCode(secret: Buffer): string {
      const step = totpStep(t.runtime.clock.now());
      const near = new Set([-2, -1, 0, 1, 2].map((d) => totpCode(secret, step + d)));
      return ['000000', '111111', '222222', '333333'].find((c) => !near.has(c))!;
    }

    it('issuer staff may enrol: QR URI and secret once, a first code confirms, then sign-in asks for a code', async () => {
      const username = await newStaff('issuer');
      const first = await signIn(username);
      expect(first.json()).toMatchObject({ next: 'done', role: 'issuer' });
      const token = first.json().token as string;
      expect((await inject('GET', '/api/v1/staff/totp', token)).json()).toEqual({ enrolled: false, required: false, recoveryCodesLeft: 0 });

      const started = await inject('POST', '/api/v1/staff/totp/enrol', token);
      const { secret, otpauthUri } = started.json() as { secret: string; otpauthUri: string };
      expect(base32Decode(secret)).toHaveLength(20);
      expect(otpauthUri).toBe(`otpauth://totp/Tijori%20console:${username}?secret=${secret}&issuer=Tijori%20console&algorithm=SHA1&digits=6&period=30`);
      const wrong = await inject('POST', '/api/v1/staff/totp/confirm', token, { code: wrongCode(base32Decode(secret)) });
      expect(wrong.json().code).toBe('totp_wrong');
      // Until confirmed, the password alone still signs in.
      expect((await signIn(username)).json().next).toBe('done');

      const code = totpCode(base32Decode(secret), totpStep(t.runtime.clock.now()));
      const confirmed = await inject('POST', '/api/v1/staff/totp/confirm', token, { code });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json().recoveryCodes).toHaveLength(10);
      expect((await inject('GET', '/api/v1/staff/totp', token)).json()).toEqual({ enrolled: true, required: false, recoveryCodesLeft: 10 });
      expect((await inject('POST', '/api/v1/staff/totp/enrol', token)).json().code).toBe('totp_already_enrolled');

      const second = await signIn(username);
      expect(second.statusCode).toBe(200);
      expect(second.json()).toMatchObject({ next: 'totp', role: 'issuer' });
      expect(second.json().token).toBeUndefined();
      const pending = second.json().pendingToken as string;
      // The ticket is no session.
      expect((await inject('GET', '/api/v1/staff/me', pending)).statusCode).toBe(401);
      const done = await inject('POST', '/api/v1/staff/sign-in/totp', pending, { code: await nextTotpCode(t, username) });
      expect(done.statusCode, done.body).toBe(200);
      expect((await inject('GET', '/api/v1/staff/me', done.json().token)).json()).toMatchObject({ role: 'issuer' });
      // A ticket signs in once.
      expect((await inject('POST', '/api/v1/staff/sign-in/totp', pending, { code: '123456' })).statusCode).toBe(401);
    });

    it('the browser flow: the ticket rides in its own cookie, and the code step sets the session cookie', async () => {
      const username = await newStaff('issuer');
      await enrol(username, (await signIn(username)).json().token);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sign-in', payload: { username, password: PASSWORD } });
      expect(res.json().next).toBe('totp');
      expect(res.cookies.map((c) => c.name)).toEqual(['tijori_staff_pending']);
      const pending = res.cookies[0]!.value;
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', cookies: { tijori_staff: pending } })).statusCode).toBe(401);
      const done = await t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/sign-in/totp',
        cookies: { tijori_staff_pending: pending },
        payload: { code: await nextTotpCode(t, username) },
      });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().token).toBeUndefined();
      const session = done.cookies.find((c) => c.name === 'tijori_staff')!;
      expect(session.httpOnly).toBe(true);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', cookies: { tijori_staff: session.value } })).statusCode).toBe(200);
      // From another site, the ticket's cookie is refused.
      const again = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sign-in', payload: { username, password: PASSWORD } });
      const csrf = await t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/sign-in/totp',
        headers: { origin: 'https://evil.example' },
        cookies: { tijori_staff_pending: again.cookies[0]!.value },
        payload: { code: '123456' },
      });
      expect(csrf.json().code).toBe('csrf_rejected');
    });

    it('wrong codes count toward the console lockout with the password: five in all, then even the right code is refused', async () => {
      const username = await newStaff('issuer');
      const { secret } = await enrol(username, (await signIn(username)).json().token);
      const pending = (await signIn(username)).json().pendingToken as string; // attempt 1: the right password
      for (let i = 0; i < 4; i++) {
        const wrong = await inject('POST', '/api/v1/staff/sign-in/totp', pending, { code: wrongCode(secret) }, freshIp());
        expect(wrong.json().code).toBe('totp_wrong');
      }
      const right = await inject('POST', '/api/v1/staff/sign-in/totp', pending, { code: await nextTotpCode(t, username) }, freshIp());
      expect(right.statusCode).toBe(429);
      expect(right.json().code).toBe('account_locked');
      // A right password does not buy new code guesses while the lock lasts.
      expect((await signIn(username)).json().code).toBe('account_locked');
    });

    it('20 wrong codes sent at once on one ticket: at most four are checked after the password', async () => {
      const username = await newStaff('issuer');
      const { secret } = await enrol(username, (await signIn(username)).json().token);
      const pending = (await signIn(username)).json().pendingToken as string;
      const all = await Promise.all(
        Array.from({ length: 20 }, () => inject('POST', '/api/v1/staff/sign-in/totp', pending, { code: wrongCode(secret) }, freshIp())),
      );
      const codes = all.map((r) => r.json().code as string);
      expect(codes.filter((c) => c === 'totp_wrong').length).toBeLessThanOrEqual(4);
      expect(codes.filter((c) => c === 'account_locked').length).toBeGreaterThanOrEqual(16);
    });

    it('a code is accepted once: replayed on a second sign-in, or sent twice at once, it is refused', async () => {
      const username = await newStaff('issuer');
      await enrol(username, (await signIn(username)).json().token);
      const code = await nextTotpCode(t, username);
      const first = await inject('POST', '/api/v1/staff/sign-in/totp', (await signIn(username)).json().pendingToken, { code });
      expect(first.statusCode, first.body).toBe(200);
      const replay = await inject('POST', '/api/v1/staff/sign-in/totp', (await signIn(username)).json().pendingToken, { code });
      expect(replay.statusCode).toBe(409);
      expect(replay.json().code).toBe('totp_used');

      const other = await newStaff('issuer');
      await enrol(other, (await signIn(other)).json().token);
      const [a, b] = [(await signIn(other)).json().pendingToken, (await signIn(other)).json().pendingToken];
      const fresh = await nextTotpCode(t, other);
      const both = await Promise.all([a, b].map((p) => inject('POST', '/api/v1/staff/sign-in/totp', p, { code: fresh })));
      expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    });

    it('a recovery code signs in once; renewing them retires the old ones', async () => {
      const username = await newStaff('issuer');
      const { recoveryCodes } = await enrol(username, (await signIn(username)).json().token);
      expect(new Set(recoveryCodes).size).toBe(10);
      for (const c of recoveryCodes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
      const used = await inject('POST', '/api/v1/staff/sign-in/totp', (await signIn(username)).json().pendingToken, {
        recoveryCode: recoveryCodes[3]!.toUpperCase().replace('-', ' '),
      });
      expect(used.statusCode, used.body).toBe(200);
      const token = used.json().token as string;
      expect((await inject('GET', '/api/v1/staff/totp', token)).json().recoveryCodesLeft).toBe(9);
      const again = await inject('POST', '/api/v1/staff/sign-in/totp', (await signIn(username)).json().pendingToken, { recoveryCode: recoveryCodes[3] });
      expect(again.json().code).toBe('recovery_code_wrong');

      const renewed = await inject('POST', '/api/v1/staff/totp/recovery-codes', token, { code: await nextTotpCode(t, username) });
      expect(renewed.statusCode, renewed.body).toBe(200);
      const old = await inject('POST', '/api/v1/staff/sign-in/totp', (await signIn(username)).json().pendingToken, { recoveryCode: recoveryCodes[0] });
      expect(old.json().code).toBe('recovery_code_wrong');
      const fresh = await inject('POST', '/api/v1/staff/sign-in/totp', (await signIn(username)).json().pendingToken, {
        recoveryCode: renewed.json().recoveryCodes[0],
      });
      expect(fresh.statusCode).toBe(200);
    });

    it('an operator without a second factor is sent to enrolment and can do nothing else until enrolled', async () => {
      const username = await newStaff('operator');
      const res = await signIn(username);
      expect(res.json()).toMatchObject({ next: 'enrol_totp', role: 'operator' });
      const token = res.json().token as string;
      for (const [method, url] of [
        ['GET', '/api/v1/staff/me'],
        ['GET', '/api/v1/audit-log'],
        ['GET', '/api/v1/requesters'],
        ['POST', '/api/v1/staff/totp/recovery-codes'],
      ] as const) {
        const refused = await inject(method, url, token, method === 'POST' ? { code: '123456' } : undefined);
        expect(refused.statusCode, url).toBe(403);
        expect(refused.json().code, url).toBe('totp_enrolment_required');
      }
      expect((await inject('GET', '/api/v1/staff/totp', token)).json()).toEqual({ enrolled: false, required: true, recoveryCodesLeft: 0 });
      const { recoveryCodes } = await enrol(username, token);
      expect((await inject('GET', '/api/v1/staff/me', token)).json()).toMatchObject({ role: 'operator' });
      expect((await inject('GET', '/api/v1/audit-log', token)).statusCode).toBe(200);

      // Turning it off (with a code) ends the other sessions and confines this one again.
      const other = await inject('POST', '/api/v1/staff/sign-in/totp', (await signIn(username)).json().pendingToken, { recoveryCode: recoveryCodes[0] });
      const off = await inject('POST', '/api/v1/staff/totp/disable', token, { code: await nextTotpCode(t, username) });
      expect(off.statusCode, off.body).toBe(204);
      expect((await inject('GET', '/api/v1/staff/me', other.json().token)).statusCode).toBe(401);
      expect((await inject('GET', '/api/v1/staff/me', token)).json().code).toBe('totp_enrolment_required');
      expect((await signIn(username)).json().next).toBe('enrol_totp');
      const signedOut = await inject('POST', '/api/v1/staff/sign-out', token);
      expect(signedOut.statusCode).toBe(204);
    });

    it('issuer staff may turn it off with a recovery code; then the password alone signs in again', async () => {
      const username = await newStaff('issuer');
      const { recoveryCodes } = await enrol(username, (await signIn(username)).json().token);
      const token = (
        await inject('POST', '/api/v1/staff/sign-in/totp', (await signIn(username)).json().pendingToken, { code: await nextTotpCode(t, username) })
      ).json().token;
      expect((await inject('POST', '/api/v1/staff/totp/disable', token, { recoveryCode: 'zzzzz-zzzzz' })).json().code).toBe('recovery_code_wrong');
      expect((await inject('POST', '/api/v1/staff/totp/disable', token, { recoveryCode: recoveryCodes[0] })).statusCode).toBe(204);
      expect((await signIn(username)).json().next).toBe('done');
      expect((await inject('GET', '/api/v1/staff/totp', token)).json()).toEqual({ enrolled: false, required: false, recoveryCodesLeft: 0 });
    });

    it('an API key cannot reach the second-factor routes; bodies are validated', async () => {
      const token = await staffToken(t, 'cbse');
      expect((await inject('POST', '/api/v1/staff/totp/confirm', token, { code: '12345' })).json().code).toBe('validation_failed');
      expect((await inject('POST', '/api/v1/staff/totp/disable', token, { code: '123456', recoveryCode: 'abcde-fghjk' })).json().code).toBe(
        'validation_failed',
      );
      const apiKey = await t.app.inject({ method: 'GET', url: '/api/v1/staff/totp', headers: bearer(`tjk_${'a'.repeat(40)}`) });
      expect(apiKey.statusCode).toBe(401);
    });

    it('the demo operator comes with the demo second factor, whose code the development tools show', async () => {
      const res = await signIn(DEMO_OPERATOR.username, DEMO_OPERATOR.password);
      expect(res.json().next).toBe('totp');
      const dev = await t.app.inject({ method: 'GET', url: '/api/v1/dev/demo-operator-totp' });
      expect(dev.statusCode).toBe(200);
      const { secret, code } = dev.json() as { secret: string; code: string };
      expect(code).toBe(totpCode(base32Decode(secret), totpStep(t.runtime.clock.now())));
      expect(await staffToken(t)).toMatch(/./);
      // Issuer demo staff are not enrolled: the password alone signs them in.
      expect((await signIn('transport', DEMO_ISSUER_STAFF_PASSWORD)).json().next).toBe('done');
    });

    it('the secret and recovery codes appear in no log line, no stored column in clear, and no answer but their own', async () => {
      const username = await newStaff('issuer');
      const token = (await signIn(username)).json().token as string;
      const from = t.bodies.length;
      const started = await inject('POST', '/api/v1/staff/totp/enrol', token);
      const confirmed = await inject('POST', '/api/v1/staff/totp/confirm', token, { code: await nextTotpCode(t, username) });
      const { secret } = started.json() as { secret: string };
      const recoveryCodes = confirmed.json().recoveryCodes as string[];
      await inject('POST', '/api/v1/staff/sign-in/totp', (await signIn(username)).json().pendingToken, { recoveryCode: recoveryCodes[1] });
      await inject('POST', '/api/v1/staff/sign-in/totp', (await signIn(username)).json().pendingToken, { code: '000000' });

      const secrets = [secret, base32Decode(secret).toString('hex'), ...recoveryCodes, ...recoveryCodes.map((c) => c.replace('-', ''))];
      const logText = JSON.stringify(t.logs);
      for (const s of secrets) expect(logText).not.toContain(s);
      const bodies = t.bodies.slice(from).filter((b) => !b.url.startsWith('/api/v1/staff/totp/enrol') && !b.url.startsWith('/api/v1/staff/totp/confirm'));
      expect(bodies.length).toBeGreaterThan(0);
      for (const b of bodies) for (const s of secrets) expect(b.body).not.toContain(s);
      expect(t.bodies.filter((b) => b.body.includes(secret)).map((b) => b.url)).toEqual(['/api/v1/staff/totp/enrol']);

      const db = t.runtime.db.kysely;
      const user = (await createDomainDeps(t.runtime).repos.staff.findByUsername(username))!;
      const row = await db.selectFrom('staff_totp').selectAll().where('staff_id', '=', user.id).executeTakeFirstOrThrow();
      expect(Buffer.from(row.secret_sealed).includes(base32Decode(secret))).toBe(false);
      const stored = JSON.stringify(await db.selectFrom('staff_recovery_codes').selectAll().where('staff_id', '=', user.id).execute());
      for (const c of recoveryCodes) expect(stored).not.toContain(c.replace('-', ''));
    });
  });
}
