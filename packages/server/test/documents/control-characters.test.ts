import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`control characters in names and fields are refused at issue time [${dialect}]`, () => {
    let t: TestApp;
    let staff: string;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      staff = await staffToken(t, 'transport');
    });
    afterAll(async () => t?.close());

    const issue = (docId: string, name: string, fields: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.transport/documents',
        headers: bearer(staff),
        payload: { docType: 'DRVLC', docId, holder: { mobile: '9876500002', name }, fields: { licenceNo: docId, ...fields }, issuedOn: '2026-01-10' },
      });
    const exists = async (docId: string) =>
      (await t.runtime.db.kysely.selectFrom('issued_documents').select('id').where('uri', '=', `in.gov.transport-DRVLC-${docId}`).executeTakeFirst()) !==
      undefined;

    it('names the field for CR, LF, NUL and bidi overrides, and issues nothing', async () => {
      const cases: [string, string, Record<string, string>, string][] = [
        ['GJ0120260000101', 'Ravi\r\nKumar', {}, '/body/holder/name'],
        ['GJ0120260000102', 'Ravi Kumar', { rto: 'Ahmedabad\u0000' }, '/body/fields/rto'],
        ['GJ0120260000103', 'Ravi \u202EramuK', {}, '/body/holder/name'],
        ['GJ0120260000104', 'Ravi Kumar', { address: 'Line 1\nLine 2' }, '/body/fields/address'],
        ['GJ0120260000105', 'Ravi \u2067Kumar', {}, '/body/holder/name'],
      ];
      for (const [docId, name, fields, path] of cases) {
        const res = await issue(docId, name, fields);
        expect(res.statusCode, path).toBe(400);
        expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path }] });
        expect(res.json().errors[0].message).toMatch(/control character/);
        expect(await exists(docId)).toBe(false);
      }
    });

    it('still accepts Indic names that need joiners', async () => {
      const res = await issue('GJ0120260000106', 'રવિ ક‍ુમાર', { rto: 'अहमदाबाद' });
      expect(res.statusCode, res.body).toBe(201);
    });

    it('refuses them in an update too', async () => {
      expect((await issue('GJ0120260000107', 'Ravi Kumar')).statusCode).toBe(201);
      const res = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/issuers/in.gov.transport/documents/in.gov.transport-DRVLC-GJ0120260000107',
        headers: bearer(staff),
        payload: { holder: { name: 'Ravi\nKumar' } },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toBe('/body/holder/name');
    });
  });
}
