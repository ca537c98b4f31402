import { text } from 'node:stream/consumers';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_RESIDENTS } from '../../src/adapters/aadhaar/sandbox/demo-residents.js';
import { buildPushUriRequest } from '../../src/compat/digilocker/xml/push-uri.js';
import { digilockerHmac, keyhash } from '../../src/compat/digilocker/xml/issuer-auth.js';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A run that links Aadhaar, issues by Aadhaar (native push, DigiLocker Push URI, a bulk CSV,
 * the demo seed) and pulls, then looks for any full Aadhaar number of the sandbox in every
 * column of every table the schema has (listed from the database, so a new table is scanned
 * without editing this test), every blob (decrypted), every log line and every HTTP body.
 */
for (const dialect of DIALECTS) {
  describe(`Aadhaar numbers stay out of storage, logs and answers [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    it('finds no full Aadhaar number in any table, column, blob, log line or HTTP body after linking, pushing, bulk-issuing and pulling', async () => {
      const [linked, pushed, compat, bulk] = [DEMO_RESIDENTS[0]!, DEMO_RESIDENTS[1]!, DEMO_RESIDENTS[2]!, DEMO_RESIDENTS[3]!];
      const operator = await staffToken(t);
      const edistrict = await staffToken(t, 'edistrict');

      const r = await signUp(t);
      expect((await linkAadhaar(t, r.cookie, linked.aadhaarNumber, linked.mobile)).statusCode).toBe(200);

      const push = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.gujarat.edistrict/documents',
        headers: bearer(edistrict),
        payload: {
          docType: 'INCER',
          docId: 'LEAK0001',
          holder: { aadhaar: pushed.aadhaarNumber, name: pushed.name },
          fields: { annualIncome: '₹1' },
          issuedOn: '2026-04-01',
        },
      });
      expect(push.statusCode, push.body).toBeLessThan(300);
      const toLinked = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.gujarat.edistrict/documents',
        headers: bearer(edistrict),
        payload: {
          docType: 'INCER',
          docId: 'LEAK0002',
          holder: { aadhaar: linked.aadhaarNumber, name: linked.name },
          fields: { annualIncome: '₹2' },
          issuedOn: '2026-04-01',
        },
      });
      expect(toLinked.statusCode, toLinked.body).toBeLessThan(300);

      const secret = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers/in.gov.transport/credentials',
          headers: bearer(operator),
          payload: { kind: 'digilocker', label: 'leak scan' },
        })
      ).json().secret as string;
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.transport/document-types',
        headers: bearer(operator),
        payload: { code: 'RVCER', names: { en: 'Vehicle Registration' }, template: 'certificate', fields: [], parameters: [] },
      });
      const ts = new Date().toISOString();
      const xml = buildPushUriRequest({
        ver: '1.0',
        ts,
        txn: `leak${Date.now()}`,
        orgId: 'in.gov.transport',
        keyhash: keyhash(secret, ts),
        record: {
          aadhaar: compat.aadhaarNumber,
          uri: 'in.gov.transport-RVCER-LEAK0003',
          issuerId: 'in.gov.transport',
          docType: 'RVCER',
          docId: 'LEAK0003',
          docName: 'Vehicle Registration',
          issuedOn: '2026-01-15',
          validTo: '2041-01-14',
          action: 'A',
        },
      });
      const pushUri = await t.app.inject({
        method: 'POST',
        url: '/public/issuer/api/issuedoc/1/xml',
        headers: { 'content-type': 'application/xml', 'x-digilocker-hmac': digilockerHmac(xml, secret) },
        payload: xml,
      });
      expect(pushUri.body).toContain('Status="1"');

      const csv = [
        'docType,docId,mobile,aadhaar,name,dob,issuedOn,validTo,annualIncome',
        `INCER,LEAK0004,,${bulk.aadhaarNumber},${bulk.name},,2026-04-01,,₹4`,
      ].join('\n');
      const upload = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs',
        headers: { ...bearer(edistrict), 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(upload.statusCode, upload.body).toBe(202);
      const jobUrl = `/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs/${upload.json().id}`;
      await vi.waitFor(
        async () =>
          expect((await t.app.inject({ method: 'GET', url: jobUrl, headers: bearer(edistrict) })).json()).toMatchObject({ status: 'done', rowsOk: 1 }),
        {
          timeout: 30_000,
          interval: 100,
        },
      );

      // A pull by the Aadhaar-linked resident (matched against the e-KYC name and birth date).
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/pull',
        headers: { cookie: r.cookie },
        payload: { orgId: 'in.gov.cbse', docType: 'HSCER', parameters: { RollNo: '12345678', Year: '2014' }, consent: true },
      });
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/documents', headers: { cookie: r.cookie } })).json().documents.length).toBeGreaterThan(0);

      const kysely = t.runtime.db.kysely;
      const schema = t.config.database.kind === 'postgres' ? t.config.database.schema : undefined;
      const tables = (await kysely.introspection.getTables()).filter((tb) => !tb.isView && (schema === undefined || tb.schema === schema));
      expect(tables.map((tb) => tb.name)).toEqual(
        expect.arrayContaining(['residents', 'issued_documents', 'aadhaar_vault', 'bulk_jobs', 'activity_events', 'otp_challenges', 'rate_limits']),
      );
      const dump: string[] = [];
      let columns = 0;
      for (const table of tables) {
        columns += table.columns.length;
        const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(kysely);
        for (const row of rows.rows) {
          for (const value of Object.values(row))
            dump.push(Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : String(value));
        }
      }
      expect(columns).toBeGreaterThan(100);
      const blobs = await kysely.selectFrom('blobs').select('sha256').execute();
      expect(blobs.length).toBeGreaterThan(0);
      for (const { sha256 } of blobs) {
        const read = await t.runtime.blobs.get(sha256);
        if (read) dump.push(await text(read.stream));
      }
      // The developer listing of sandbox residents is the one place that shows demo numbers.
      const bodies = t.bodies.filter((b) => !b.url.startsWith('/api/v1/dev/aadhaar-sandbox')).map((b) => b.body);
      const everything = [...dump, JSON.stringify(t.logs), ...bodies].join('\n');
      const leaked = DEMO_RESIDENTS.filter(
        (d) =>
          everything.includes(d.aadhaarNumber) ||
          everything.includes(`${d.aadhaarNumber.slice(0, 4)} ${d.aadhaarNumber.slice(4, 8)} ${d.aadhaarNumber.slice(8)}`),
      );
      expect(leaked.map((d) => `…${d.aadhaarNumber.slice(-4)}`)).toEqual([]);
    }, 120_000);
  });
}
