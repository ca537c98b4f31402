import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { freshIp, freshMobile, latestOtp, outbox, signUp } from '../support/residents.js';
import { issueTo, registerRequester, token, type Registered } from '../support/requesters.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pdfFile, pngFile } from '../support/upload-fixtures.js';
import { makeFolder, uploadRaw } from '../uploads/support.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const DEVICE_SCOPES = ['userdetails', 'files.issueddocs', 'device.flow'];
const uriOf = (fileId: string) => `in.tijori.drive-UPLD-${fileId.replaceAll('-', '')}`;

for (const dialect of DIALECTS) {
  describe(`partner API: device flow (oauth2/1/code + device_code grant) [${dialect}]`, () => {
    let t: TestApp;
    let skew = 0;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' }, clock: { now: () => Date.now() + skew } });
    });
    afterAll(async () => t?.close());

    const askCode = (fields: Record<string, string>, remoteAddress = freshIp()) =>
      t.app.inject({
        method: 'POST',
        url: '/public/oauth2/1/code',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ response_type: 'device_code', ...fields }).toString(),
        remoteAddress,
      });
    const exchange = (client: Registered, device_code: string, dl_otp: string) => token(t, client, { grant_type: DEVICE_GRANT, device_code, dl_otp });
    const get = (url: string, accessToken: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${accessToken}` } });

    it('sends a consent OTP naming the requester and what it reads; the OTP gives a token without refresh, recorded as a consent the resident withdraws', async () => {
      const client = await registerRequester(t, { scopes: DEVICE_SCOPES });
      const r = await signUp(t);
      const doc = await issueTo(t, r.mobile);
      const asked = await askCode({ client_id: client.clientId, dl_mobile: r.mobile });
      expect(asked.statusCode, asked.body).toBe(200);
      const body = asked.json();
      expect(Object.keys(body).sort()).toEqual(['device_code', 'dl_masked_email', 'dl_masked_mobile', 'expires_in']);
      expect(body).toMatchObject({ dl_masked_mobile: `XXXXXX${r.mobile.slice(-4)}`, dl_masked_email: '', expires_in: 600 });
      expect(asked.headers['cache-control']).toBe('no-store');
      const [sms] = await outbox(t, r.mobile);
      expect(sms!.body).toContain('Example Bank');
      expect(sms!.body).toContain('READ your name, date of birth and gender');
      expect(sms!.body).toMatch(/Marksheet|Certificate/i);
      expect(sms!.body).toContain('not a sign-in code');

      const otp = await latestOtp(t, r.mobile);
      const res = await exchange(client, body.device_code, otp);
      expect(res.statusCode, res.body).toBe(200);
      const tok = res.json();
      expect(tok).toMatchObject({ token_type: 'Bearer', digilockerid: r.id, digilocker_id: r.id });
      expect(tok.refresh_token).toBeUndefined();
      expect(tok.scope.split(' ')).toEqual(expect.arrayContaining(['userdetails', 'files.issueddocs', `issued/${doc}`]));
      expect(tok.scope).not.toContain('device.flow');
      expect((await get('/public/oauth2/1/user', tok.access_token)).json()).toMatchObject({ digilockerid: r.id });
      expect((await get('/public/oauth2/1/files/issued', tok.access_token)).json().items.map((i: { uri: string }) => i.uri)).toEqual([doc]);

      // Single use: the same code and OTP do not work twice.
      const again = await exchange(client, body.device_code, otp);
      expect(again.statusCode).toBe(400);
      expect(again.json()).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });

      const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/me/consents', headers: { cookie: r.cookie } })).json().consents;
      expect(listed[0]).toMatchObject({ status: 'active', requester: { clientId: client.clientId }, documents: [doc] });
      const withdraw = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/consents/${listed[0].id}`, headers: { cookie: r.cookie } });
      expect(withdraw.statusCode).toBe(204);
      const after = await get('/public/oauth2/1/user', tok.access_token);
      expect(after.statusCode).toBe(401);
      expect(after.json().error).toBe('invalid_token');
    });

    it('shares the drive as it is when the SMS names it: its folders and top files, not what the resident adds at the top later', async () => {
      const client = await registerRequester(t, { scopes: [...DEVICE_SCOPES, 'files.uploadeddocs'] });
      const r = await signUp(t);
      const kyc = await makeFolder(t, r.cookie, 'KYC');
      const upload = async (name: string, bytes: Buffer, folderId?: string) => {
        const res = await uploadRaw(t, r.cookie, bytes, { name, ...(folderId ? { folderId } : {}) });
        expect(res.statusCode, res.body).toBe(201);
        return res.json().id as string;
      };
      const lease = await upload('Rent agreement.pdf', pdfFile(1));
      const { device_code } = (await askCode({ client_id: client.clientId, dl_mobile: r.mobile })).json();
      expect((await outbox(t, r.mobile))[0]!.body).toContain('your uploaded files');
      const otp = await latestOtp(t, r.mobile);
      // After the SMS: a file in the shared folder (covered, as a folder is), one at the top and a new folder (not).
      const inKyc = await upload('PAN.png', pngFile(), kyc);
      const later = await upload('Salary.pdf', pdfFile(2));
      const privateFolder = await makeFolder(t, r.cookie, 'Private');
      const tok = (await exchange(client, device_code, otp)).json();

      const root = (await get('/public/oauth2/1/files/', tok.access_token)).json();
      expect(root.items.map((i: { name: string }) => i.name)).toEqual(['KYC', 'Rent agreement.pdf']);
      expect((await get(`/public/oauth2/1/files/${kyc}`, tok.access_token)).json().items.map((i: { id: string }) => i.id)).toEqual([inKyc]);
      expect((await get(`/public/oauth2/1/file/${uriOf(later)}`, tok.access_token)).json().error).toBe('invalid_uri');
      expect((await get(`/public/oauth2/1/files/${privateFolder}`, tok.access_token)).json().error).toBe('invalid_id');
      // The resident sees exactly that under Consents.
      const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/me/consents', headers: { cookie: r.cookie } })).json().consents[0];
      expect(listed).toMatchObject({ drive: 'picked' });
      expect(listed.driveItems.map((i: { kind: string; id: string; name: string }) => [i.kind, i.id, i.name])).toEqual([
        ['folder', kyc, 'KYC'],
        ['file', lease, 'Rent agreement.pdf'],
      ]);
    });

    it('is off unless the operator grants device.flow, and a requester without it sends no SMS', async () => {
      const plain = await registerRequester(t);
      const r = await signUp(t);
      const before = (await outbox(t, r.mobile)).length;
      const refused = await askCode({ client_id: plain.clientId, dl_mobile: r.mobile });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toBe('insufficient_scope');
      expect((await outbox(t, r.mobile)).length).toBe(before);
      // Nor can a resident be asked to consent to it: it is the operator's grant, not a scope.
      const scoped = await askCode({ client_id: (await registerRequester(t, { scopes: DEVICE_SCOPES })).clientId, dl_mobile: r.mobile, scope: 'device.flow' });
      expect(scoped.json().error).toBe('invalid_scope');
    });

    it('answers an unknown mobile or username in the same shape, sends nothing, and its code never works', async () => {
      const client = await registerRequester(t, { scopes: DEVICE_SCOPES });
      const nobody = freshMobile();
      const res = await askCode({ client_id: client.clientId, dl_mobile: nobody });
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json()).sort()).toEqual(['device_code', 'dl_masked_email', 'dl_masked_mobile', 'expires_in']);
      expect(res.json()).toMatchObject({ dl_masked_mobile: `XXXXXX${nobody.slice(-4)}`, dl_masked_email: '', expires_in: 600 });
      expect(await outbox(t, nobody)).toEqual([]);
      const wrong = await exchange(client, res.json().device_code, '123456');
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error).toBe('invalid_grant');
      expect(wrong.json().error_description).toMatch(/4 attempt/);

      const ghost = await askCode({ client_id: client.clientId, dl_username: 'no.such.person' });
      const ghostAgain = await askCode({ client_id: client.clientId, dl_username: 'no.such.person' });
      expect(ghost.json().dl_masked_mobile).toMatch(/^XXXXXX\d{4}$/);
      expect(ghostAgain.json().dl_masked_mobile).toBe(ghost.json().dl_masked_mobile);

      const named = await signUp(t, { username: 'device.user', password: 'Correct-Horse-42' });
      const byName = await askCode({ client_id: client.clientId, dl_username: 'device.user' });
      expect(byName.json().dl_masked_mobile).toBe(`XXXXXX${named.mobile.slice(-4)}`);
      expect(await latestOtp(t, named.mobile)).toMatch(/^\d{6}$/);
    });

    it('a sign-in OTP cannot confirm it, and its OTP cannot sign in or be resent under another text', async () => {
      const client = await registerRequester(t, { scopes: DEVICE_SCOPES });
      const r = await signUp(t);
      const { device_code } = (await askCode({ client_id: client.clientId, dl_mobile: r.mobile })).json();
      const deviceOtp = await latestOtp(t, r.mobile);

      const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: r.pin }, remoteAddress: freshIp() });
      expect(signIn.statusCode, signIn.body).toBe(202);
      const signInOtp = await latestOtp(t, r.mobile);
      if (signInOtp !== deviceOtp) expect((await exchange(client, device_code, signInOtp)).json().error).toBe('invalid_grant');

      const challengeId = createHash('sha256').update(device_code).digest('hex');
      const asSignIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in/verify', payload: { challengeId, otp: deviceOtp } });
      expect(asSignIn.statusCode).toBe(404);
      expect(asSignIn.headers['set-cookie']).toBeUndefined();
      const resend = await t.app.inject({ method: 'POST', url: '/api/v1/auth/otp/resend', payload: { challengeId } });
      expect(resend.statusCode).toBe(404);

      // The device OTP still works for what it was sent for, from the client it was sent for.
      const thief = await registerRequester(t, { scopes: DEVICE_SCOPES });
      expect((await exchange(thief, device_code, deviceOtp)).json().error).toBe('invalid_grant');
      expect((await exchange(client, device_code, deviceOtp)).statusCode).toBe(200);
    });

    it('five wrong OTPs lock the device code, not the resident; a code expires after 10 minutes', async () => {
      const client = await registerRequester(t, { scopes: DEVICE_SCOPES });
      const r = await signUp(t);
      const { device_code } = (await askCode({ client_id: client.clientId, dl_mobile: r.mobile })).json();
      const right = await latestOtp(t, r.mobile);
      const wrongOtp = right === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) expect((await exchange(client, device_code, wrongOtp)).json().error).toBe('invalid_grant');
      const locked = await exchange(client, device_code, right);
      expect(locked.statusCode).toBe(400);
      expect(locked.json().error_description).toMatch(/no longer works/);

      const fresh = (await askCode({ client_id: client.clientId, dl_mobile: r.mobile })).json();
      expect((await exchange(client, fresh.device_code, await latestOtp(t, r.mobile))).statusCode).toBe(200);

      const late = (await askCode({ client_id: client.clientId, dl_mobile: r.mobile })).json();
      const lateOtp = await latestOtp(t, r.mobile);
      skew = 10 * 60 * 1000 + 1000;
      try {
        const expired = await exchange(client, late.device_code, lateOtp);
        expect(expired.statusCode).toBe(400);
        expect(expired.json().error).toBe('expired_token');
      } finally {
        skew = 0;
      }
    });

    it('limits codes per mobile number, and refuses bad input with the documented codes', async () => {
      const client = await registerRequester(t, { scopes: DEVICE_SCOPES });
      const target = freshMobile();
      for (let i = 0; i < 5; i++) expect((await askCode({ client_id: client.clientId, dl_mobile: target })).statusCode).toBe(200);
      const limited = await askCode({ client_id: client.clientId, dl_mobile: target });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error).toBe('rate_limited');

      const cases: [Record<string, string>, number, string][] = [
        [{ client_id: client.clientId }, 400, 'parameter_missing'],
        [{ client_id: client.clientId, dl_mobile: '9876543210', dl_username: 'x.y' }, 400, 'parameter_missing'],
        [{ client_id: client.clientId, dl_mobile: '12345' }, 400, 'invalid_parameter'],
        [{ client_id: client.clientId, dl_mobile: '9876543210', response_type: 'code' }, 400, 'unsupported_response_type'],
        [{ client_id: 'NOSUCHCLIENT', dl_mobile: '9876543210' }, 401, 'invalid_client_id'],
        [{ client_id: client.clientId, client_secret: 'wrong', dl_mobile: '9876543210' }, 401, 'invalid_client'],
      ];
      for (const [fields, status, error] of cases) {
        const res = await askCode(fields);
        expect(res.statusCode, JSON.stringify(fields)).toBe(status);
        expect(Object.keys(res.json()).sort()).toEqual(['error', 'error_description']);
        expect(res.json().error).toBe(error);
      }
      const noOtp = await token(t, client, { grant_type: DEVICE_GRANT, device_code: 'x' });
      expect(noOtp.json().error).toBe('invalid_request');
      const unknown = await exchange(client, 'not-a-device-code', '123456');
      expect(unknown.json().error).toBe('invalid_grant');
    });
  });
}
