import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPushCsvRequest, buildPushUriRequest } from '../../src/compat/digilocker/xml/push-uri.js';
import { keyhash } from '../../src/compat/digilocker/xml/issuer-auth.js';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, sandboxResident, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe(`DigiLocker Push URI protocol [${DIALECTS[0]}]`, () => {
  let t: TestApp;
  let secret: string;
  beforeAll(async () => {
    t = await startTestApp(DIALECTS[0]!, { env: { TIJORI_SEED_DEMO: 'true' } });
    const op = await staffToken(t);
    secret = (await t.app.inject({ method: 'POST', url: '/api/v1/issuers/in.gov.transport/credentials', headers: bearer(op), payload: { kind: 'digilocker', label: 'legacy push' } })).json().secret;
  });
  afterAll(async () => t?.close());

  const head = (key = secret) => {
    const ts = new Date().toISOString();
    return { ver: '1.0', ts, txn: `t${Date.now()}`, orgId: 'in.gov.transport', keyhash: keyhash(key, ts) };
  };
  const post = (url: string, xml: string) => t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/xml' }, payload: xml });
  const record = (aadhaar: string, docId: string, action: 'A' | 'U' | 'D' = 'A') => ({
    aadhaar,
    uri: `in.gov.transport-RVCER-${docId}`,
    issuerId: 'in.gov.transport',
    docType: 'RVCER',
    docId,
    docName: 'Vehicle Registration',
    issuedOn: '2026-01-15',
    validTo: '2041-01-14',
    action,
  });

  it('adds a URI for an Aadhaar holder, who sees it after linking; updates and deletes it', async () => {
    const op = await staffToken(t);
    await t.app.inject({ method: 'POST', url: '/api/v1/issuers/in.gov.transport/document-types', headers: bearer(op), payload: { code: 'RVCER', names: { en: 'Vehicle Registration' }, template: 'certificate', fields: [], parameters: [] } });
    const demo = await sandboxResident(t, 22);
    const add = await post('/public/issuer/api/issuedoc/1/xml', buildPushUriRequest({ ...head(), record: record(demo.aadhaarNumber, 'GJ01AB1234') }));
    expect(add.statusCode, add.body).toBe(200);
    expect(add.body).toContain('<ResponseStatus Status="1"');
    expect(add.body).not.toContain(demo.aadhaarNumber);

    const r = await signUp(t);
    await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile);
    const docs = (await t.app.inject({ method: 'GET', url: '/api/v1/me/documents', headers: { cookie: r.cookie } })).json().documents;
    expect(docs.map((d: { uri: string }) => d.uri)).toContain('in.gov.transport-RVCER-GJ01AB1234');

    const upd = await post('/public/issuer/api/issuedoc/1/xml', buildPushUriRequest({ ...head(), record: { ...record(demo.aadhaarNumber, 'GJ01AB1234', 'U'), validTo: '2040-01-14' } }));
    expect(upd.body).toContain('Status="1"');
    const del = await post('/public/issuer/api/issuedoc/1/xml', buildPushUriRequest({ ...head(), record: record(demo.aadhaarNumber, 'GJ01AB1234', 'D') }));
    expect(del.body).toContain('Status="1"');
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/me/documents', headers: { cookie: r.cookie } })).json().documents.find((d: { uri: string }) => d.uri === 'in.gov.transport-RVCER-GJ01AB1234');
    expect(after).toMatchObject({ status: 'revoked', validTo: '2040-01-14', version: 2 });
  });

  it('refuses a wrong keyhash, another issuer’s URI, XXE and malformed XML with clean answers', async () => {
    const demo = await sandboxResident(t, 23);
    const wrongKey = await post('/public/issuer/api/issuedoc/1/xml', buildPushUriRequest({ ...head('not-the-secret'), record: record(demo.aadhaarNumber, 'GJ01ZZ0001') }));
    expect(wrongKey.statusCode).toBe(401);
    expect(wrongKey.body).toContain('Status="0"');
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><PushUriRequest ts="x">&e;</PushUriRequest>`;
    const started = Date.now();
    const res = await post('/public/issuer/api/issuedoc/1/xml', xxe);
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('root:');
    expect(Date.now() - started).toBeLessThan(1000);
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
    expect((await post('/public/issuer/api/issuedoc/1/xml', laughs)).statusCode).toBe(400);
    expect((await post('/public/issuer/api/issuedoc/1/xml', '<PushUriRequest')).statusCode).toBe(400);
    const json = await t.app.inject({ method: 'POST', url: '/public/issuer/api/issuedoc/1/xml', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(json.statusCode).toBeLessThan(500);
  });

  it('takes a CSV of URIs and reports rejected rows', async () => {
    const a = await sandboxResident(t, 20);
    const rows = [
      'aadhaar,uri,doctype,docname,docid,issuedon,validfrom,validto,timestamp,action',
      `${a.aadhaarNumber},in.gov.transport-RVCER-GJ05CD0001,RVCER,Vehicle Registration,GJ05CD0001,15-01-2026,,,,A`,
      `234123412347,in.gov.transport-RVCER-GJ05CD0002,RVCER,Vehicle Registration,GJ05CD0002,15-01-2026,,,,A`,
      `${a.aadhaarNumber},in.gov.pan-PANCR-ABCDE1234F,PANCR,PAN,ABCDE1234F,15-01-2026,,,,A`,
    ];
    const res = await post('/public/issuer/api/csvupload/1/xml', buildPushCsvRequest(head(), rows.join('\n')));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('1 accepted, 2 rejected');
    expect(res.body).not.toContain('234123412347');
  });
});
