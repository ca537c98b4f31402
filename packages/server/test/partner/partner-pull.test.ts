import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, sandboxResident, signUp, type SignedUp } from '../support/residents.js';
import { consent, pkce, REDIRECT, registerRequester, token, type Registered } from '../support/requesters.js';
import { pendingEndpoint } from '../support/remote-issuer.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`partner API: pull parameters and pull document [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    async function accessToken(r: SignedUp, scopes: string[]): Promise<{ client: Registered; at: string }> {
      const client = await registerRequester(t, { scopes });
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, []);
      const res = await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
      expect(res.statusCode, res.body).toBe(200);
      return { client, at: res.json().access_token };
    }
    const form = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(fields).toString(),
      });
    const pullAs = (at: string, fields: Record<string, string>) => form('/public/oauth2/1/pull/pulldocument', fields, { authorization: `Bearer ${at}` });

    it('pull/parameters lists what the issuer asks, authenticated by client id, ts and HMAC', async () => {
      const client = await registerRequester(t);
      const ts = String(Math.floor(Date.now() / 1000));
      const hmac = (secret = client.clientSecret) => createHash('sha256').update(`${secret}${client.clientId}${ts}`).digest('hex');
      const call = (extra: Record<string, string>, secret?: string) =>
        form('/public/oauth2/1/pull/parameters', { clientid: client.clientId, ts, hmac: hmac(secret), ...extra });
      const ok = await call({ orgid: 'in.gov.cbse', doctype: 'HSCER' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toEqual([
        { label: 'Roll number', paramname: 'RollNo', example: '12345678', valuelist: '' },
        { label: 'Year of passing', paramname: 'Year', example: '2014', valuelist: '' },
      ]);
      const cases: [Record<string, string>, string | undefined, number, string][] = [
        [{ orgid: 'in.gov.cbse' }, undefined, 400, 'parameter_missing'],
        [{ orgid: 'in.gov.nowhere', doctype: 'HSCER' }, undefined, 400, 'invalid_orgid'],
        [{ orgid: 'in.gov.cbse', doctype: 'NOPE' }, undefined, 400, 'invalid_doctype'],
        [{ orgid: 'in.gov.cbse', doctype: 'HSCER' }, 'wrong-secret', 401, 'hmac_mismatch'],
      ];
      for (const [extra, secret, status, code] of cases) {
        const res = await call(extra, secret);
        expect(res.json().error, code).toBe(code);
        expect(res.statusCode, code).toBe(status);
      }
    });

    it('pulls a hosted record for the resident; the new document joins the consent; uri_exists, record_not_found and bad input', async () => {
      const demo = await sandboxResident(t, 8);
      const record = DEMO_RECORDS.find((x) => x.aadhaarNumber === demo.aadhaarNumber && x.docType === 'HSCER')!;
      const other = DEMO_RECORDS.find((x) => x.aadhaarNumber !== demo.aadhaarNumber && x.docType === 'HSCER')!;
      const r = await signUp(t);
      const { at } = await accessToken(r, ['files.issueddocs', 'pull']);
      const fields = { orgid: 'in.gov.cbse', doctype: 'HSCER', consent: 'Y', ...record.parameters };

      const early = await pullAs(at, fields);
      expect(early.statusCode).toBe(409);
      expect(early.json().error).toBe('aadhaar_not_linked');
      await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile);

      const ok = await pullAs(at, fields);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toEqual({ uri: `in.gov.cbse-HSCER-${record.docId}` });
      const listed = (await t.app.inject({ method: 'GET', url: '/public/oauth2/1/files/issued', headers: { authorization: `Bearer ${at}` } })).json();
      expect(listed.items.map((i: { uri: string }) => i.uri)).toEqual([ok.json().uri]);
      const pdf = await t.app.inject({ method: 'GET', url: `/public/oauth2/1/file/${ok.json().uri}`, headers: { authorization: `Bearer ${at}` } });
      expect(pdf.statusCode).toBe(200);

      const cases: [Record<string, string>, number, string][] = [
        [fields, 400, 'uri_exists'],
        [{ ...fields, ...other.parameters }, 404, 'record_not_found'],
        [{ ...fields, orgid: 'in.gov.nowhere' }, 400, 'invalid_orgid'],
        [{ ...fields, doctype: 'NOPE' }, 400, 'invalid_doctype'],
        [{ orgid: 'in.gov.cbse', doctype: 'HSCER', consent: 'Y', RollNo: record.parameters.RollNo! }, 400, 'parameter_missing'],
        [{ ...fields, consent: 'N' }, 400, 'invalid_parameter'],
        [{ ...fields, RollNo: '12' }, 400, 'invalid_parameter'],
      ];
      for (const [f, status, code] of cases) {
        const res = await pullAs(at, f);
        expect(res.json().error, code).toBe(code);
        expect(res.statusCode, code).toBe(status);
      }
    });

    it('needs the pull scope and a token', async () => {
      const r = await signUp(t);
      const { at } = await accessToken(r, ['files.issueddocs']);
      const refused = await pullAs(at, { orgid: 'in.gov.cbse', doctype: 'HSCER', consent: 'Y', RollNo: '12345678', Year: '2014' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toBe('insufficient_scope');
      const anonymous = await form('/public/oauth2/1/pull/pulldocument', { orgid: 'in.gov.cbse', doctype: 'HSCER', consent: 'Y' });
      expect(anonymous.json().error).toBe('invalid_token');
    });

    it('answers repository_service_configerror and pull_response_pending for an issuer with its own endpoint', async () => {
      const op = await staffToken(t);
      const registered = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers',
        headers: bearer(op),
        payload: {
          orgId: 'in.ac.partner-univ',
          names: { en: 'Partner University' },
          category: 'Education',
          pullMode: 'remote',
          endpointUrl: 'http://127.0.0.1:9/pull-uri',
        },
      });
      expect(registered.statusCode, registered.body).toBe(201);
      const type = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.ac.partner-univ/document-types',
        headers: bearer(op),
        payload: {
          code: 'DGCER',
          names: { en: 'Degree Certificate' },
          template: 'certificate',
          fields: [{ key: 'result', label: { en: 'Result' } }],
          parameters: [{ name: 'RollNo', label: { en: 'Roll number' } }],
          matchRules: { name: false, dob: false },
        },
      });
      expect(type.statusCode, type.body).toBe(201);
      const r = await signUp(t);
      const { at } = await accessToken(r, ['pull']);
      const fields = { orgid: 'in.ac.partner-univ', doctype: 'DGCER', consent: 'Y', RollNo: 'AR17230' };

      const unconfigured = await pullAs(at, fields);
      expect(unconfigured.json().error).toBe('repository_service_configerror');

      const client = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.ac.partner-univ/credentials',
        headers: bearer(op),
        payload: { kind: 'digilocker', label: 'pull endpoint' },
      });
      const apiKey = client.json().secret as string;
      const server = await pendingEndpoint(t, 'in.ac.partner-univ', apiKey);
      try {
        const pending = await pullAs(at, fields);
        expect(pending.statusCode, pending.body).toBe(202);
        expect(pending.json().error).toBe('pull_response_pending');
      } finally {
        server.close();
      }
    });
  });
}
