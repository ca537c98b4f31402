import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digilockerHmac } from '../../src/compat/digilocker/xml/issuer-auth.js';
import { DIALECTS } from '../support/dialects.js';
import { signUp } from '../support/residents.js';
import { registerRequester } from '../support/requesters.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const URL_ = '/public/account/1/pushuri';

for (const dialect of DIALECTS) {
  describe(`partner API: account/1/pushuri [${dialect}]`, () => {
    let t: TestApp;
    let client: { clientId: string; secret: string };
    let seq = 0;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      const op = await staffToken(t);
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.transport/credentials',
        headers: bearer(op),
        payload: { kind: 'digilocker', label: 'pushuri' },
      });
      expect(made.statusCode, made.body).toBe(201);
      client = { clientId: made.json().clientId, secret: made.json().secret };
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.transport/document-types',
        headers: bearer(op),
        payload: { code: 'RVCER', names: { en: 'Vehicle Registration' }, template: 'certificate', fields: [], parameters: [] },
      });
    });
    afterAll(async () => t?.close());

    const docId = () => `GJ05PU${String(++seq).padStart(4, '0')}${process.pid % 1000}`;
    const fields = (digilockerid: string, id: string, extra: Record<string, string> = {}) => ({
      digilockerid,
      uri: `in.gov.transport-RVCER-${id}`,
      doctype: 'RVCER',
      description: 'Vehicle Registration',
      docid: id,
      issuedate: '15012026',
      validfrom: '15012026',
      validto: '14012041',
      action: 'A',
      ...extra,
    });
    const push = (body: Record<string, string>, opts: { secret?: string; clientId?: string; ts?: number; bodyHmac?: string | null } = {}) => {
      const clientId = opts.clientId ?? client.clientId;
      const secret = opts.secret ?? client.secret;
      const ts = String(opts.ts ?? Math.floor(Date.now() / 1000));
      const hmac = createHash('sha256').update(`${secret}${clientId}${ts}`).digest('hex');
      const payload = new URLSearchParams({ clientid: clientId, ts, hmac, ...body }).toString();
      const bodyHmac = opts.bodyHmac === undefined ? digilockerHmac(payload, secret) : opts.bodyHmac;
      return t.app.inject({
        method: 'POST',
        url: URL_,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(bodyHmac === null ? {} : { 'x-digilocker-hmac': bodyHmac }) },
        payload,
      });
    };
    const myDocs = async (cookie: string) =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/me/documents', headers: { cookie } })).json().documents as {
        uri: string;
        status: string;
        validTo: string;
      }[];

    it("adds a URI to the resident's Issued documents, updates and deletes it; a second add says whose account has it", async () => {
      const r = await signUp(t);
      const id = docId();
      const uri = `in.gov.transport-RVCER-${id}`;
      const add = await push(fields(r.id, id));
      expect(add.statusCode, add.body).toBe(200);
      expect(add.json()).toMatchObject({ status: 'success', uri });
      expect((await myDocs(r.cookie)).find((d) => d.uri === uri)).toMatchObject({ status: 'active', validTo: '2041-01-14' });

      const again = await push(fields(r.id, id));
      expect(again.statusCode).toBe(400);
      expect(again.json()).toEqual({ error: 'invalid_parameter', error_description: 'URI already exists in this account.' });
      const other = await signUp(t);
      const elsewhere = await push(fields(other.id, id));
      expect(elsewhere.json()).toEqual({ error: 'invalid_parameter', error_description: 'URI already exists in another account.' });
      // Another account cannot update or delete it either.
      expect((await push(fields(other.id, id, { action: 'D' }))).statusCode).toBe(404);

      const upd = await push(fields(r.id, id, { action: 'U', validto: '14012040' }));
      expect(upd.statusCode, upd.body).toBe(200);
      expect((await myDocs(r.cookie)).find((d) => d.uri === uri)).toMatchObject({ validTo: '2040-01-14' });
      const del = await push(fields(r.id, id, { action: 'D' }));
      expect(del.statusCode, del.body).toBe(200);
      expect((await myDocs(r.cookie)).find((d) => d.uri === uri)).toMatchObject({ status: 'revoked' });
    });

    it('answers 404 invalid_digilocker_id for a locker id nobody has', async () => {
      const res = await push(fields('0190a3a4-1111-7222-8333-944445555666', docId()));
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe('invalid_digilocker_id');
    });

    it('is for issuer clients only, with the meta hmac and the body hmac', async () => {
      const r = await signUp(t);
      const cases: [Parameters<typeof push>[1], number, string][] = [
        [{ secret: 'not-the-secret' }, 401, 'hmac_mismatch'],
        [{ bodyHmac: null }, 400, 'hmac_missing'],
        [{ bodyHmac: digilockerHmac('another body', client.secret) }, 401, 'hmac_mismatch'],
        [{ ts: Math.floor(Date.now() / 1000) - 31 * 60 }, 401, 'invalid_ts'],
      ];
      for (const [opts, status, error] of cases) {
        const res = await push(fields(r.id, docId()), opts);
        expect(res.statusCode, JSON.stringify(opts)).toBe(status);
        expect(res.json().error).toBe(error);
      }
      // A requester's client id and secret are not an issuer's.
      const requester = await registerRequester(t);
      const asRequester = await push(fields(r.id, docId()), { clientId: requester.clientId, secret: requester.clientSecret });
      expect(asRequester.statusCode).toBe(401);
      expect(asRequester.json().error).toBe('invalid_client_id');
      expect((await myDocs(r.cookie)).length).toBe(0);
    });

    it('refuses bad input with the documented codes, never a 500', async () => {
      const r = await signUp(t);
      const id = docId();
      const cases: [Record<string, string>, number, string][] = [
        [{ action: 'X' }, 400, 'invalid_parameter'],
        [{ issuedate: '2026-01-15' }, 400, 'invalid_parameter'],
        [{ validto: '31022041' }, 400, 'invalid_parameter'],
        [{ uri: `in.gov.cbse-HSCER-${id}` }, 400, 'invalid_parameter'],
        [{ uri: '' }, 400, 'parameter_missing'],
        [{ digilockerid: '' }, 400, 'parameter_missing'],
        [{ digilockerid: 'not-a-locker' }, 404, 'invalid_digilocker_id'],
        [{ doctype: 'NOSUCH' }, 400, 'invalid_parameter'],
        [{ issuedate: '' }, 400, 'parameter_missing'],
      ];
      for (const [extra, status, error] of cases) {
        const res = await push(fields(r.id, id, extra));
        expect(res.statusCode, JSON.stringify(extra)).toBe(status);
        expect(Object.keys(res.json()).sort()).toEqual(['error', 'error_description']);
        expect(res.json().error).toBe(error);
      }
      const empty = await t.app.inject({ method: 'POST', url: URL_, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error).toBe('parameter_missing');
    });
  });
}
