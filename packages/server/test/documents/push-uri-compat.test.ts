import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPushCsvRequest, buildPushUriRequest } from '../../src/compat/digilocker/xml/push-uri.js';
import { digilockerHmac, keyhash } from '../../src/compat/digilocker/xml/issuer-auth.js';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, sandboxResident, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`DigiLocker Push URI protocol [${dialect}]`, () => {
    let t: TestApp;
    let op: string;
    let secret: string;
    let txnSeq = 0;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      op = await staffToken(t);
      secret = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers/in.gov.transport/credentials',
          headers: bearer(op),
          payload: { kind: 'digilocker', label: 'push' },
        })
      ).json().secret;
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.transport/document-types',
        headers: bearer(op),
        payload: { code: 'RVCER', names: { en: 'Vehicle Registration' }, template: 'certificate', fields: [], parameters: [] },
      });
    });
    afterAll(async () => t?.close());

    const head = (key = secret, txn = `t${Date.now()}-${++txnSeq}`) => {
      const ts = new Date().toISOString();
      return { ver: '1.0', ts, txn, orgId: 'in.gov.transport', keyhash: keyhash(key, ts) };
    };
    /** POSTs the XML with x-digilocker-hmac under `hmacKey` (the client secret by default), or none when null. */
    const post = (url: string, xml: string, hmacKey: string | null = secret) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/xml', ...(hmacKey === null ? {} : { 'x-digilocker-hmac': digilockerHmac(xml, hmacKey) }) },
        payload: xml,
      });
    const PUSH = '/public/issuer/api/issuedoc/1/xml';
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
    const statusOf = async (uri: string) =>
      (await t.runtime.db.kysely.selectFrom('issued_documents').select(['status', 'resident_id', 'holder_lookup']).where('uri', '=', uri).executeTakeFirst()) ??
      null;

    it('adds a URI for an Aadhaar holder, who sees it after linking; updates and deletes it', async () => {
      const demo = await sandboxResident(t, 22);
      const add = await post(PUSH, buildPushUriRequest({ ...head(), record: record(demo.aadhaarNumber, 'GJ01AB1234') }));
      expect(add.statusCode, add.body).toBe(200);
      expect(add.body).toContain('<ResponseStatus Status="1"');
      expect(add.body).not.toContain(demo.aadhaarNumber);

      const r = await signUp(t);
      await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile);
      const docs = (await t.app.inject({ method: 'GET', url: '/api/v1/me/documents', headers: { cookie: r.cookie } })).json().documents;
      expect(docs.map((d: { uri: string }) => d.uri)).toContain('in.gov.transport-RVCER-GJ01AB1234');

      const upd = await post(PUSH, buildPushUriRequest({ ...head(), record: { ...record(demo.aadhaarNumber, 'GJ01AB1234', 'U'), validTo: '2040-01-14' } }));
      expect(upd.body).toContain('Status="1"');
      const del = await post(PUSH, buildPushUriRequest({ ...head(), record: record(demo.aadhaarNumber, 'GJ01AB1234', 'D') }));
      expect(del.body).toContain('Status="1"');
      const after = (await t.app.inject({ method: 'GET', url: '/api/v1/me/documents', headers: { cookie: r.cookie } }))
        .json()
        .documents.find((d: { uri: string }) => d.uri === 'in.gov.transport-RVCER-GJ01AB1234');
      expect(after).toMatchObject({ status: 'revoked', validTo: '2040-01-14', version: 2 });
    });

    it('binds the message to its body: no header, a header over another body, or another key issue nothing', async () => {
      const victim = await sandboxResident(t, 10);
      const attacker = await sandboxResident(t, 11);
      const genuine = buildPushUriRequest({ ...head(), record: record(victim.aadhaarNumber, 'GJ02HM0001') });

      // No x-digilocker-hmac at all (a keyhash-only client that no operator marked legacy).
      const bare = await post(PUSH, genuine, null);
      expect(bare.statusCode).toBe(401);
      expect(bare.body).toContain('Status="0"');
      expect(bare.body).toContain('x-digilocker-hmac');
      // The captured ts + keyhash (+ its HMAC) with another holder in the body.
      const tampered = genuine.replace(victim.aadhaarNumber, attacker.aadhaarNumber).replace(/txn="[^"]*"/, 'txn="tampered-1"');
      const swapped = await t.app.inject({
        method: 'POST',
        url: PUSH,
        headers: { 'content-type': 'application/xml', 'x-digilocker-hmac': digilockerHmac(genuine, secret) },
        payload: tampered,
      });
      expect(swapped.statusCode).toBe(401);
      expect((await post(PUSH, genuine, 'not-the-secret')).statusCode).toBe(401);
      expect(await statusOf('in.gov.transport-RVCER-GJ02HM0001')).toBeNull();

      // Signed properly: issued once.
      expect((await post(PUSH, genuine)).statusCode).toBe(200);
      expect(await statusOf('in.gov.transport-RVCER-GJ02HM0001')).toMatchObject({ status: 'active' });
    });

    it('refuses a txn the client already used, even for a different record; of two sent at once only one wins', async () => {
      const a = await sandboxResident(t, 12);
      const first = buildPushUriRequest({ ...head(secret, 'replay-1'), record: record(a.aadhaarNumber, 'GJ03RP0001') });
      expect((await post(PUSH, first)).statusCode).toBe(200);
      const again = await post(PUSH, first);
      expect(again.statusCode).toBe(409);
      expect(again.body).toContain('Status="0"');
      expect(again.body).toContain('txn');
      // The replayed txn with a delete of the same record: nothing is revoked.
      const revoke = buildPushUriRequest({ ...head(secret, 'replay-1'), record: record(a.aadhaarNumber, 'GJ03RP0001', 'D') });
      expect((await post(PUSH, revoke)).statusCode).toBe(409);
      expect(await statusOf('in.gov.transport-RVCER-GJ03RP0001')).toMatchObject({ status: 'active' });

      // Two messages with one txn at the same moment: exactly one wins (the database decides).
      const racers = ['GJ03RP0002', 'GJ03RP0003'].map((id) => buildPushUriRequest({ ...head(secret, 'replay-race'), record: record(a.aadhaarNumber, id) }));
      const results = await Promise.all(racers.map((xml) => post(PUSH, xml)));
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);

      // A CSV push is single-use too.
      const csv = buildPushCsvRequest(
        head(secret, 'replay-csv'),
        `${a.aadhaarNumber},in.gov.transport-RVCER-GJ03RP0004,RVCER,Vehicle Registration,GJ03RP0004,15-01-2026,,,,A`,
      );
      expect((await post('/public/issuer/api/csvupload/1/xml', csv)).statusCode).toBe(200);
      expect((await post('/public/issuer/api/csvupload/1/xml', csv)).statusCode).toBe(409);
    });

    it('lets a client push without the HMAC only after an operator marks it legacy, and shows that', async () => {
      const created = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers/in.gov.transport/credentials',
          headers: bearer(op),
          payload: { kind: 'digilocker', label: 'old system' },
        })
      ).json();
      const a = await sandboxResident(t, 13);
      const xml = () => buildPushUriRequest({ ...head(created.secret), record: record(a.aadhaarNumber, 'GJ04LG0001') });
      expect((await post(PUSH, xml(), null)).statusCode).toBe(401);

      const mark = (token: string, legacy: boolean) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/v1/issuers/in.gov.transport/credentials/${created.id}`,
          headers: bearer(token),
          payload: { legacyKeyhashOnly: legacy },
        });
      // Issuer staff cannot lower their own bar; an operator can.
      expect((await mark(await staffToken(t, 'transport'), true)).statusCode).toBe(403);
      const marked = await mark(op, true);
      expect(marked.statusCode, marked.body).toBe(200);
      expect(marked.json()).toMatchObject({ id: created.id, legacyKeyhashOnly: true });
      const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/issuers/in.gov.transport/credentials', headers: bearer(op) })).json().credentials;
      expect(listed.find((c: { id: string }) => c.id === created.id)).toMatchObject({ legacyKeyhashOnly: true, kind: 'digilocker' });

      expect((await post(PUSH, xml(), null)).statusCode).toBe(200);
      // A header that is sent must still be right.
      expect((await post(PUSH, xml(), 'wrong')).statusCode).toBe(401);

      expect((await mark(op, false)).json().legacyKeyhashOnly).toBe(false);
      expect((await post(PUSH, xml(), null)).statusCode).toBe(401);
    });

    it('refuses a revoked client, XXE and malformed XML with clean answers', async () => {
      const demo = await sandboxResident(t, 23);
      const created = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers/in.gov.transport/credentials',
          headers: bearer(op),
          payload: { kind: 'digilocker', label: 'to revoke' },
        })
      ).json();
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/api/v1/issuers/in.gov.transport/credentials/${created.id}`, headers: bearer(op) })).statusCode,
      ).toBe(200);
      const revoked = await post(PUSH, buildPushUriRequest({ ...head(created.secret), record: record(demo.aadhaarNumber, 'GJ01ZZ0001') }), created.secret);
      expect(revoked.statusCode).toBe(401);
      expect(await statusOf('in.gov.transport-RVCER-GJ01ZZ0001')).toBeNull();

      const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><PushUriRequest ts="x">&e;</PushUriRequest>`;
      const res = await post(PUSH, xxe);
      expect(res.statusCode).toBe(400);
      expect(res.body).not.toContain('root:');
      const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
      expect((await post(PUSH, laughs)).statusCode).toBe(400);
      expect((await post(PUSH, '<PushUriRequest')).statusCode).toBe(400);
      const json = await t.app.inject({ method: 'POST', url: PUSH, headers: { 'content-type': 'application/json' }, payload: '{}' });
      expect(json.statusCode).toBeLessThan(500);
    });

    it('takes the content of a pushed URI from the issuer’s hosted record with that DocId', async () => {
      const hosted = DEMO_RECORDS.find((r) => r.docType === 'DRVLC')!;
      const xml = buildPushUriRequest({
        ...head(),
        record: { ...record(hosted.aadhaarNumber, hosted.docId), uri: `in.gov.transport-DRVLC-${hosted.docId}`, docType: 'DRVLC', docName: 'Driving Licence' },
      });
      const res = await post(PUSH, xml);
      expect(res.statusCode, res.body).toBe(200);
      const row = await t.runtime.db.kysely
        .selectFrom('document_versions')
        .innerJoin('issued_documents', 'issued_documents.id', 'document_versions.document_id')
        .select(['document_versions.credential', 'issued_documents.holder_name'])
        .where('issued_documents.uri', '=', `in.gov.transport-DRVLC-${hosted.docId}`)
        .executeTakeFirstOrThrow();
      const subject = JSON.parse(Buffer.from(row.credential.split('.')[1]!, 'base64url').toString()).credentialSubject;
      expect(subject.fields.licenceNo).toBeTruthy();
      expect(row.holder_name).not.toBe('As per Aadhaar');
    });

    it('takes a CSV of URIs and reports rejected rows', async () => {
      const a = await sandboxResident(t, 20);
      const rows = [
        'aadhaar,uri,doctype,docname,docid,issuedon,validfrom,validto,timestamp,action',
        `${a.aadhaarNumber},in.gov.transport-RVCER-GJ05CD0001,RVCER,Vehicle Registration,GJ05CD0001,15-01-2026,,,,A`,
        `234123412347,in.gov.transport-RVCER-GJ05CD0002,RVCER,Vehicle Registration,GJ05CD0002,15-01-2026,,,,A`,
        `${a.aadhaarNumber},in.gov.pan-PANCR-ABCDE1234F,PANCR,PAN,ABCDE1234F,15-01-2026,,,,A`,
      ];
      const xml = buildPushCsvRequest(head(), rows.join('\n'));
      expect((await post('/public/issuer/api/csvupload/1/xml', xml, null)).statusCode).toBe(401);
      const res = await post('/public/issuer/api/csvupload/1/xml', xml);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).toContain('1 accepted, 2 rejected');
      expect(res.body).not.toContain('234123412347');
    });
  });
}
