import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { cookieOf, freshIp, freshMobile, latestOtp, outbox, signUp } from '../support/residents.js';
import { authorizeUrl, consent, pkce, REDIRECT, registerRequester, token, type Registered } from '../support/requesters.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pdfFile } from '../support/upload-fixtures.js';
import { uploadRaw } from '../uploads/support.js';

interface Demo {
  aadhaarNumber: string;
  mobile: string;
  name: string;
  dob: string;
  gender: string;
}

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(0, 4)}`;
const SIGNUP_SCOPES = ['openid', 'userdetails', 'files.issueddocs', 'signup.demoauth'];

for (const dialect of DIALECTS) {
  describe(`partner API: sign-up by demographic authentication [${dialect}]`, () => {
    let t: TestApp;
    let demos: Demo[];
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      demos = (await t.app.inject({ method: 'GET', url: '/api/v1/dev/aadhaar-sandbox' })).json().residents;
    });
    afterAll(async () => t?.close());

    const meta = (url: string, client: Registered, fields: Record<string, string>, remoteAddress = '127.0.0.1') => {
      const now = Math.floor(Date.now() / 1000);
      const hmac = createHash('sha256').update(`${client.clientSecret}${client.clientId}${now}`).digest('hex');
      const payload = new URLSearchParams({ clientid: client.clientId, ts: String(now), hmac, ...fields }).toString();
      return t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload, remoteAddress });
    };
    const demoauth = (client: Registered, fields: Record<string, string>) => meta('/public/signup/2/demoauth', client, fields, freshIp());
    const verify = (client: Registered, fields: Record<string, string>) => meta('/public/signup/1/demoauthverify', client, fields);
    const fieldsOf = (d: Demo, mobile: string, extra: Record<string, string> = {}) => ({
      uid: d.aadhaarNumber,
      name: d.name,
      dob: ddmmyyyy(d.dob),
      gender: d.gender,
      mobile,
      consent: 'Y',
      demoauth: 'Y',
      verification: 'OTP',
      ...extra,
    });
    /** What the app answered, but the development tools (the SMS outbox, the sandbox listing). */
    const apiBodies = () => t.bodies.filter((b) => !b.url.startsWith('/api/v1/dev/'));
    const auditEntries = async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log?limit=1000', headers: bearer(await staffToken(t)) });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().entries as {
        action: string;
        actor: { kind: string; id: string; name: string | null };
        target: string | null;
        details: Record<string, unknown>;
      }[];
    };

    it('opens a locker with the Aadhaar linked after the mobile OTP, answers tokens, and the resident sets a PIN by Aadhaar', async () => {
      const client = await registerRequester(t, { scopes: [...SIGNUP_SCOPES, 'account.verify', 'files.uploadeddocs'] });
      const demo = demos[5]!;
      const mobile = freshMobile();

      const started = await demoauth(client, fieldsOf(demo, mobile));
      expect(started.statusCode, started.body).toBe(202);
      expect(started.json()).toEqual({ verification: 'pending', masked_mobile: `XXXXXX${mobile.slice(-4)}`, expires_in: 600 });
      expect(started.headers['cache-control']).toBe('no-store');
      const [sms] = await outbox(t, mobile);
      expect(sms!.body).toContain('Example Bank');
      expect(sms!.body).toContain('OPEN a Tijori locker');
      expect(sms!.body).toContain(`XXXX XXXX ${demo.aadhaarNumber.slice(-4)}`);
      expect(sms!.body).toContain('READ your name, date of birth and gender');
      expect(sms!.body).not.toContain(demo.aadhaarNumber);
      // Nothing exists before the OTP.
      expect((await meta('/public/account/2/verify', client, { mobile })).json()).toEqual({ registered: false, digilockerid: '' });

      const otp = await latestOtp(t, mobile);
      const done = await verify(client, { mobile, otp });
      expect(done.statusCode, done.body).toBe(200);
      const tokens = done.json();
      expect(done.headers['cache-control']).toBe('no-store');
      expect(tokens).toMatchObject({
        expires_in: 3600,
        token_type: 'Bearer',
        scope: 'openid userdetails files.uploadeddocs',
        name: demo.name,
        dob: ddmmyyyy(demo.dob),
        gender: demo.gender,
        eaadhaar: 'N',
        eaadhar: 'N',
      });
      expect(tokens.digilockerid).toMatch(/^[0-9a-f-]{36}$/);
      expect(tokens.digilocker_id).toBe(tokens.digilockerid);
      expect(typeof tokens.access_token).toBe('string');
      expect(typeof tokens.refresh_token).toBe('string');
      expect(typeof tokens.id_token).toBe('string');
      expect(done.body).not.toContain(otp);

      // The locker exists, with this mobile and this Aadhaar.
      expect((await meta('/public/account/2/verify', client, { mobile })).json()).toEqual({ registered: true, digilockerid: tokens.digilockerid });
      expect((await meta('/public/account/2/verify', client, { uid: demo.aadhaarNumber })).json()).toEqual({
        registered: true,
        digilockerid: tokens.digilockerid,
      });
      const user = await t.app.inject({ method: 'GET', url: '/public/oauth2/1/user', headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(user.statusCode, user.body).toBe(200);
      expect(user.json()).toMatchObject({ digilockerid: tokens.digilockerid, name: demo.name, eaadhaar: 'N' });
      const refreshed = await token(t, client, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      expect(refreshed.statusCode, refreshed.body).toBe(200);
      // A demographic authentication gives no e-KYC: no e-Aadhaar to hand out.
      const eaadhaarClient = await registerRequester(t, { scopes: ['eaadhaar', 'signup.demoauth'] });
      const m2 = freshMobile();
      expect((await demoauth(eaadhaarClient, fieldsOf(demos[6]!, m2))).statusCode).toBe(202);
      const t2 = (await verify(eaadhaarClient, { mobile: m2, otp: await latestOtp(t, m2) })).json();
      expect(t2.scope).toBe('');
      const xml = await t.app.inject({ method: 'GET', url: '/public/oauth2/2/xml/eaadhaar', headers: { authorization: `Bearer ${t2.access_token}` } });
      expect(xml.statusCode).toBe(403);

      // The resident is told, and has no PIN yet: "Forgot PIN" with the Aadhaar OTP sets one.
      expect((await outbox(t, mobile)).some((m) => m.body.includes('Forgot PIN'))).toBe(true);
      const noPin = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: mobile, pin: '000000' } });
      expect(noPin.statusCode).toBe(401);
      const forgot = await t.app.inject({ method: 'POST', url: '/api/v1/auth/forgot-pin', payload: { mobile }, remoteAddress: freshIp() });
      expect(forgot.statusCode, forgot.body).toBe(202);
      const opened = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/forgot-pin/verify',
        payload: { challengeId: forgot.json().challengeId, otp: await latestOtp(t, mobile) },
      });
      expect(opened.statusCode, opened.body).toBe(200);
      expect(opened.json().secondFactors).toEqual(['aadhaar']);
      const { recoveryTicket } = opened.json();
      const uidai = await t.app.inject({ method: 'POST', url: '/api/v1/auth/forgot-pin/aadhaar', payload: { recoveryTicket } });
      expect(uidai.statusCode, uidai.body).toBe(202);
      const proved = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/forgot-pin/aadhaar/verify',
        payload: { recoveryTicket, challengeId: uidai.json().challengeId, otp: await latestOtp(t, demo.mobile) },
      });
      expect(proved.statusCode, proved.body).toBe(200);
      const set = await t.app.inject({ method: 'POST', url: '/api/v1/auth/forgot-pin/complete', payload: { recoveryTicket, newPin: '482913' } });
      expect(set.statusCode, set.body).toBe(204);
      const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: mobile, pin: '482913' } });
      expect(signIn.statusCode, signIn.body).toBe(202);
      const session = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in/verify',
        payload: { challengeId: signIn.json().challengeId, otp: await latestOtp(t, mobile) },
      });
      const cookie = cookieOf(session);
      // The consent the SMS described is the resident's to see and withdraw.
      const consents = await t.app.inject({ method: 'GET', url: '/api/v1/me/consents', headers: { cookie } });
      expect(consents.statusCode, consents.body).toBe(200);
      expect(consents.body).toContain(client.clientId);
      // It shares the drive as it was when the SMS named it, empty: what the resident uploads later stays theirs.
      expect(consents.json().consents[0]).toMatchObject({ drive: 'picked', driveItems: [] });
      const mine = await uploadRaw(t, cookie, pdfFile(3), { name: 'Salary.pdf' });
      expect(mine.statusCode, mine.body).toBe(201);
      const seen = await t.app.inject({ method: 'GET', url: '/public/oauth2/1/files/', headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(seen.statusCode, seen.body).toBe(200);
      expect(seen.json().items).toEqual([]);
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      expect(me.json().resident ?? me.json()).toMatchObject({ id: tokens.digilockerid });
      // Its Aadhaar is linked, but without e-KYC there is no e-Aadhaar, even with the scope.
      const reader = await registerRequester(t, { scopes: ['eaadhaar'] });
      const { verifier, challenge } = pkce();
      const code = await consent(t, { mobile, pin: '482913', cookie, id: tokens.digilockerid }, reader.clientId, challenge, [], { scope: 'eaadhaar' });
      const readerTokens = await token(t, reader, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
      expect(readerTokens.statusCode, readerTokens.body).toBe(200);
      const noXml = await t.app.inject({
        method: 'GET',
        url: '/public/oauth2/2/xml/eaadhaar',
        headers: { authorization: `Bearer ${readerTokens.json().access_token}` },
      });
      expect(noXml.statusCode).toBe(404);
      expect(noXml.json().error).toBe('aadhaar_not_available');

      // Audited: both calls, with the requester and the outcome, never the numbers.
      const entries = (await auditEntries()).filter((e) => e.actor.kind === 'requester' && e.actor.name === client.clientId);
      expect(entries.map((e) => [e.action, e.details.outcome])).toEqual(
        expect.arrayContaining([
          ['requester.signup_demoauth', 'otp_sent'],
          ['requester.signup_verify', 'locker_opened'],
        ]),
      );
      expect(entries.find((e) => e.action === 'requester.signup_verify')!.target).toBe(tokens.digilockerid);
      const audit = JSON.stringify(entries);
      expect(audit).not.toContain(demo.aadhaarNumber);
      expect(audit).not.toContain(mobile);
    });

    it('refuses a mismatch as auth_failure without saying which field, and is tolerant of initials', async () => {
      const client = await registerRequester(t, { scopes: SIGNUP_SCOPES });
      const demo = demos[7]!;
      const wrongDob = ddmmyyyy(`${Number(demo.dob.slice(0, 4)) - 1}${demo.dob.slice(4)}`);
      const wrongGender = demo.gender === 'M' ? 'F' : 'M';
      const descriptions = new Set<string>();
      const mismatches: Record<string, string>[] = [{ name: 'Somebody Else' }, { dob: wrongDob }, { gender: wrongGender }, { uid: demos[8]!.aadhaarNumber }];
      for (const extra of mismatches) {
        const res = await demoauth(client, fieldsOf(demo, freshMobile(), extra));
        expect(res.statusCode, JSON.stringify(extra)).toBe(400);
        expect(res.json().error).toBe('auth_failure');
        descriptions.add(res.json().error_description);
        expect(res.body).not.toContain(demo.aadhaarNumber);
      }
      expect(descriptions.size).toBe(1);
      const parts = demo.name.split(' ');
      const initials = [...parts.slice(0, -1).map((p) => `${p[0]}.`), parts.at(-1)!].join(' ');
      const ok = await demoauth(client, fieldsOf(demo, freshMobile(), { name: initials.toLowerCase(), gender: demo.gender.toLowerCase() }));
      expect(ok.statusCode, ok.body).toBe(202);
    });

    it('refuses a mobile or an Aadhaar that already has a locker, naming no one', async () => {
      const client = await registerRequester(t, { scopes: SIGNUP_SCOPES });
      const resident = await signUp(t);
      const taken = await demoauth(client, fieldsOf(demos[9]!, resident.mobile));
      expect(taken.statusCode).toBe(409);
      expect(taken.json()).toEqual({ error: 'mobile_exists', error_description: expect.any(String) });
      expect(taken.body).not.toContain(resident.id);

      const demo = demos[10]!;
      const first = freshMobile();
      expect((await demoauth(client, fieldsOf(demo, first))).statusCode).toBe(202);
      const opened = await verify(client, { mobile: first, otp: await latestOtp(t, first) });
      expect(opened.statusCode, opened.body).toBe(200);
      const again = await demoauth(client, fieldsOf(demo, freshMobile()));
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toBe('aadhaar_exists');
      expect(again.body).not.toContain(opened.json().digilockerid);
      expect(again.body).not.toContain(first);

      // Made meanwhile: the OTP answered after someone else took the number is refused too.
      const late = freshMobile();
      expect((await demoauth(client, fieldsOf(demos[11]!, late))).statusCode).toBe(202);
      const otp = await latestOtp(t, late);
      await signUp(t, { mobile: late });
      const refused = await verify(client, { mobile: late, otp });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toBe('mobile_exists');
    });

    it('limits OTP attempts, binds the OTP to its requester, and never echoes or logs it', async () => {
      const client = await registerRequester(t, { scopes: SIGNUP_SCOPES });
      const other = await registerRequester(t, { scopes: SIGNUP_SCOPES });
      const mobile = freshMobile();
      expect((await demoauth(client, fieldsOf(demos[12]!, mobile))).statusCode).toBe(202);
      const otp = await latestOtp(t, mobile);
      const stolen = await verify(other, { mobile, otp });
      expect(stolen.statusCode).toBe(400);
      expect(stolen.json().error).toBe('invalid_otp');
      const wrong = otp === '000000' ? '111111' : '000000';
      for (let i = 4; i >= 1; i--) {
        const res = await verify(client, { mobile, otp: wrong });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toBe('invalid_otp');
        expect(res.json().error_description).toContain(`${i} attempt`);
      }
      expect((await verify(client, { mobile, otp: wrong })).json().error).toBe('otp_locked');
      const locked = await verify(client, { mobile, otp });
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error).toBe('otp_locked');
      // The code is no sign-in code and cannot be resent through the resident API.
      const noPending = await verify(client, { mobile: freshMobile(), otp });
      expect(noPending.json().error).toBe('invalid_otp');
      for (const { body } of apiBodies()) expect(body).not.toMatch(new RegExp(`\\b${otp}\\b`));
      expect(JSON.stringify(t.logs)).not.toMatch(new RegExp(`\\b${otp}\\b`));
    });

    it('answers bad input with its documented code (never a 500), and never writes the Aadhaar number to a log or a body', async () => {
      const client = await registerRequester(t, { scopes: SIGNUP_SCOPES });
      const demo = demos[13]!;
      const good = fieldsOf(demo, freshMobile());
      const cases: [Record<string, string>, number, string][] = [
        [{ ...good, uid: '' }, 400, 'parameter_missing'],
        [{ ...good, consent: '' }, 400, 'parameter_missing'],
        [{ ...good, consent: 'N' }, 400, 'invalid_parameter'],
        [{ ...good, uid: `${demo.aadhaarNumber.slice(0, 11)}${(Number(demo.aadhaarNumber[11]) + 1) % 10}` }, 400, 'invalid_parameter'],
        [{ ...good, dob: '31022001' }, 400, 'invalid_parameter'],
        [{ ...good, dob: ddmmyyyy('2999-01-01') }, 400, 'invalid_parameter'],
        [{ ...good, gender: 'X' }, 400, 'invalid_parameter'],
        [{ ...good, mobile: '12345' }, 400, 'invalid_parameter'],
        [{ ...good, name: 'x'.repeat(150) }, 400, 'invalid_parameter'],
        [{ ...good, name: 'Robert"); DROP TABLE' }, 400, 'invalid_parameter'],
        [{ ...good, verification: 'v'.repeat(50) }, 400, 'invalid_parameter'],
      ];
      for (const [fields, status, error] of cases) {
        const res = await demoauth(client, fields);
        expect(res.statusCode, JSON.stringify(fields)).toBe(status);
        expect(Object.keys(res.json()).sort()).toEqual(['error', 'error_description']);
        expect(res.json().error, JSON.stringify(fields)).toBe(error);
      }
      const json = await t.app.inject({
        method: 'POST',
        url: '/public/signup/2/demoauth',
        headers: { 'content-type': 'application/json' },
        payload: { clientid: client.clientId, ts: 'x', hmac: 1, uid: [demo.aadhaarNumber] },
      });
      expect(json.statusCode).toBe(400);
      expect(json.json().error).toBe('parameter_missing');
      const badTs = await t.app.inject({
        method: 'POST',
        url: '/public/signup/1/demoauthverify',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ clientid: client.clientId, ts: '1', hmac: '0'.repeat(64), mobile: good.mobile, otp: '123456' }).toString(),
      });
      expect(badTs.json().error).toBe('invalid_ts');
      for (const [fields, error] of [
        [{ mobile: good.mobile }, 'parameter_missing'],
        [{ mobile: '12', otp: '123456' }, 'invalid_parameter'],
        [{ mobile: good.mobile, otp: '12ab' }, 'invalid_parameter'],
      ] as const) {
        const res = await verify(client, fields);
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toBe(error);
      }
      const unknown = await meta('/public/signup/2/demoauth', { clientId: 'NOPE', clientSecret: 'x' }, good);
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json().error).toBe('invalid_client_id');

      for (const { body } of apiBodies()) expect(body).not.toContain(demo.aadhaarNumber);
      for (const d of demos) expect(JSON.stringify(t.logs)).not.toContain(d.aadhaarNumber);
      expect(t.logs.length).toBeGreaterThan(0);
    });

    it('is refused to a requester without the operator’s signup.demoauth grant, which never reaches a consent', async () => {
      const plain = await registerRequester(t);
      const res = await demoauth(plain, fieldsOf(demos[14]!, freshMobile()));
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('insufficient_scope');
      expect((await verify(plain, { mobile: freshMobile(), otp: '123456' })).json().error).toBe('insufficient_scope');

      const granted = await registerRequester(t, { scopes: SIGNUP_SCOPES });
      const { challenge } = pkce();
      const asked = await t.app.inject({ method: 'GET', url: authorizeUrl(granted.clientId, challenge, { scope: 'openid signup.demoauth' }) });
      expect(asked.statusCode).toBe(302);
      expect(new URL(asked.headers.location as string).searchParams.get('error')).toBe('invalid_scope');
      const entries = await auditEntries();
      expect(
        entries.some((e) => e.action === 'requester.signup_demoauth' && e.details.outcome === 'insufficient_scope' && e.actor.name === plain.clientId),
      ).toBe(true);
    });
  });
}
