import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

for (const dialect of DIALECTS) {
  describe(`bulk issuance [${dialect}]`, () => {
    let t: TestApp;
    let token: string;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      token = await staffToken(t, 'edistrict');
    });
    afterAll(async () => t?.close());

    const upload = (body: string, contentType: string, auth: Record<string, string> = bearer(token)) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs',
        headers: { ...auth, 'content-type': contentType },
        payload: body,
      });
    const job = (id: string) => t.app.inject({ method: 'GET', url: `/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs/${id}`, headers: bearer(token) });
    const finished = (id: string) =>
      until(
        () => job(id).then((r) => r.json()),
        (j) => j.status === 'done' || j.status === 'failed',
      );

    it('issues a CSV, rejecting bad rows by number and reason, and is idempotent when sent again', async () => {
      const rows = ['docType,docId,mobile,aadhaar,name,dob,issuedOn,validTo,annualIncome,field.financialYear'];
      for (let i = 1; i <= 2500; i++)
        rows.push(`INCER,GJ${String(500000000000 + i)},9${String(800000000 + i)},,Holder ${i},1990-01-01,2026-04-01,2027-03-31,"₹1,20,000",2025-26`);
      rows.push('INCER,BAD-ID,9800000001,,X,,2026-04-01,,₹1,'); // bad doc id (and a short row)
      rows.push('INCER,GJ600000000001,,234123412347,Y,,2026-04-01,,₹1,2025-26'); // Aadhaar fails Verhoeff
      rows.push('NOPE,GJ600000000002,9800000002,,Z,,2026-04-01,,₹1,2025-26'); // unknown type
      rows.push('INCER,GJ600000000003,9800000003,,W,,2026-13-01,,₹1,2025-26'); // bad date
      const csv = rows.join('\n') + '\n';
      const res = await upload(csv, 'text/csv');
      expect(res.statusCode, res.body).toBe(202);
      const done = await finished(res.json().id);
      expect(done).toMatchObject({ status: 'done', rowsDone: 2504, rowsOk: 2500, rowsFailed: 4, bytesDone: Buffer.byteLength(csv) });
      // The file (Aadhaar numbers and mobiles in clear) goes once the job is done (just after it says so).
      const source = createHash('sha256').update(csv).digest('hex');
      const sourceGone = () =>
        until(
          () => t.runtime.blobs.head(source),
          (h) => h === null,
        );
      expect(await sourceGone()).toBeNull();
      const rej = (
        await t.app.inject({ method: 'GET', url: `/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs/${res.json().id}/rejections`, headers: bearer(token) })
      ).json().rejections;
      expect(rej.map((r: { row: number }) => r.row)).toEqual([2501, 2502, 2503, 2504]);
      expect(rej.map((r: { code: string }) => r.code)).toEqual(['invalid_row', 'invalid_row', 'doctype_not_found', 'invalid_row']);
      expect(JSON.stringify(rej)).not.toContain('234123412347');

      const stats = (await t.app.inject({ method: 'GET', url: '/api/v1/issuers/in.gov.gujarat.edistrict/stats', headers: bearer(token) })).json();
      const again = await upload(csv, 'text/csv');
      const second = await finished(again.json().id);
      expect(second).toMatchObject({ status: 'done', rowsOk: 2500, rowsFailed: 4 });
      expect(await sourceGone()).toBeNull();
      const after = (await t.app.inject({ method: 'GET', url: '/api/v1/issuers/in.gov.gujarat.edistrict/stats', headers: bearer(token) })).json();
      expect(after.documents).toEqual(stats.documents);
    });

    it('issues NDJSON, one request object per line', async () => {
      const lines = [
        JSON.stringify({
          docType: 'INCER',
          docId: 'GJ700000000001',
          holder: { mobile: '9700000001', name: 'A' },
          fields: { annualIncome: '₹1' },
          issuedOn: '2026-04-01',
        }),
        'not json',
        JSON.stringify({
          docType: 'INCER',
          docId: 'GJ700000000002',
          holder: { mobile: '9700000002', name: 'B' },
          fields: { annualIncome: '₹2', unknownField: 'x' },
          issuedOn: '2026-04-01',
        }),
        JSON.stringify([1, 2]),
      ];
      const res = await upload(lines.join('\n'), 'application/x-ndjson');
      const done = await finished(res.json().id);
      expect(done).toMatchObject({ status: 'done', rowsDone: 4, rowsOk: 1, rowsFailed: 3 });
      // The upload is the staff member's; the issuance, run later by the worker, is Tijori's for that job.
      const audit = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-log?limit=1000', headers: bearer(await staffToken(t)) })).json().entries as {
        action: string;
        target: string | null;
        actor: { kind: string; id: string };
      }[];
      expect(audit.find((e) => e.action === 'bulk_job.created' && e.target === res.json().id)?.actor.kind).toBe('staff');
      expect(audit.find((e) => e.action === 'documents.issued' && e.target === 'in.gov.gujarat.edistrict-INCER-GJ700000000001')?.actor).toMatchObject({
        kind: 'system',
        id: `bulk:${res.json().id}`,
      });
    });

    it('gives each rejected row a reason key and parameters the console can word in any language', async () => {
      const row = (over: Record<string, unknown>, holder: Record<string, unknown> = {}, fields: Record<string, string> = { annualIncome: '₹1' }) =>
        JSON.stringify({
          docType: 'INCER',
          docId: 'GJ710000000001',
          holder: { mobile: '9710000001', name: 'A', ...holder },
          fields,
          issuedOn: '2026-04-01',
          ...over,
        });
      const lines = [
        row({ docId: 'bad id' }),
        row({}, { lockerId: 'x' }),
        row({}, { language: 'fr' }),
        row({}, { mobile: undefined, aadhaar: '234123412347' }),
        row({}, { mobile: '12345' }),
        row({}, { name: '' }),
        row({ validTo: '2026-02-30' }),
        row({ validFrom: '2026-05-01', validTo: '2026-04-01' }),
        row({}, {}, { annualIncome: '₹1', colour: 'red' }),
        row({}, {}, { annualIncome: 'x'.repeat(1001) }),
        row({}, {}, {}),
        row({}, { name: 'A\u202EB' }),
        row({ docType: 'NOPE' }),
        'not json',
      ];
      const res = await upload(lines.join('\n'), 'application/x-ndjson');
      const done = await finished(res.json().id);
      expect(done).toMatchObject({ status: 'done', rowsDone: lines.length, rowsOk: 0, rowsFailed: lines.length });
      const rej = (
        await t.app.inject({ method: 'GET', url: `/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs/${res.json().id}/rejections`, headers: bearer(token) })
      ).json().rejections as { row: number; code: string; message: string; reason?: { key: string; params?: Record<string, string> } }[];
      expect(rej.map((r) => [r.row, r.reason])).toEqual([
        [1, { key: 'doc_id' }],
        [2, { key: 'holder_one_of' }],
        [3, { key: 'holder_language', params: { languages: expect.stringContaining('hi') } }],
        [4, { key: 'holder_aadhaar' }],
        [5, { key: 'holder_mobile' }],
        [6, { key: 'holder_name' }],
        [7, { key: 'date', params: { field: 'validTo' } }],
        [8, { key: 'valid_range' }],
        [9, { key: 'unknown_field', params: { field: 'fields.colour' } }],
        [10, { key: 'field_too_long', params: { field: 'fields.annualIncome' } }],
        [11, { key: 'field_required', params: { field: 'fields.annualIncome' } }],
        [12, { key: 'control_character', params: { field: 'holder.name', char: 'U+202E' } }],
        [13, { key: 'doctype_not_found', params: { docType: 'NOPE' } }],
        [14, { key: 'unreadable', params: { detail: 'The line is not valid JSON.' } }],
      ]);
      // The English message stays, for API clients.
      expect(rej[0]).toMatchObject({ code: 'invalid_row', message: 'docId must be 1–64 letters or digits.' });
      expect(rej[12]).toMatchObject({ code: 'doctype_not_found' });
      expect(JSON.stringify(rej)).not.toContain('234123412347');

      // A row rejected before reasons were kept (or with a reason a newer server wrote) lists with its message alone.
      const db = t.runtime.db.kysely;
      await db.updateTable('bulk_job_rejections').set({ reason: null }).where('job_id', '=', res.json().id).where('row_number', '=', 1).execute();
      await db
        .updateTable('bulk_job_rejections')
        .set({ reason: JSON.stringify({ key: 'from_the_future' }) })
        .where('job_id', '=', res.json().id)
        .where('row_number', '=', 2)
        .execute();
      const old = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs/${res.json().id}/rejections?limit=2`,
          headers: bearer(token),
        })
      ).json().rejections;
      expect(old).toEqual([
        { row: 1, code: 'invalid_row', message: 'docId must be 1–64 letters or digits.' },
        { row: 2, code: 'invalid_row', message: rej[1]!.message },
      ]);
    });

    it('issues a document id repeated in the next batch once (the repeat is `exists`), with credentials that verify', async () => {
      // Batches are 2,000 rows: rows 2001–2010 repeat rows 1991–2000, and row 2011 repeats 2001.
      const rows = ['docType,docId,mobile,name,issuedOn,annualIncome'];
      const id = (i: number) => `GJ${String(800000000000 + (i > 2000 && i <= 2010 ? i - 10 : i === 2011 ? 1991 : i))}`;
      for (let i = 1; i <= 2100; i++) rows.push(`INCER,${id(i)},9${String(600000000 + i)},Holder ${i},2026-04-01,₹${i}`);
      const before = (await t.app.inject({ method: 'GET', url: '/api/v1/issuers/in.gov.gujarat.edistrict/stats', headers: bearer(token) })).json();
      const res = await upload(rows.join('\n') + '\n', 'text/csv');
      expect(await finished(res.json().id)).toMatchObject({ status: 'done', rowsDone: 2100, rowsOk: 2100, rowsFailed: 0 });
      const after = (await t.app.inject({ method: 'GET', url: '/api/v1/issuers/in.gov.gujarat.edistrict/stats', headers: bearer(token) })).json();
      expect(after.documents.active - (before.documents.active ?? 0)).toBe(2100 - 11);

      const db = t.runtime.db.kysely;
      for (const i of [1, 1995, 2050]) {
        const uri = `in.gov.gujarat.edistrict-INCER-${id(i)}`;
        const { credential } = await db
          .selectFrom('document_versions as v')
          .innerJoin('issued_documents as d', 'd.id', 'v.document_id')
          .select('v.credential')
          .where('d.uri', '=', uri)
          .executeTakeFirstOrThrow();
        const verified = (await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential } })).json();
        expect(verified).toMatchObject({ verdict: 'genuine', document: { uri } });
      }
    });

    it('refuses other issuers, residents, and other content types', async () => {
      const cbse = await staffToken(t, 'cbse');
      expect((await upload('docType\n', 'text/csv', bearer(cbse))).statusCode).toBe(404);
      expect((await upload('docType\n', 'text/csv', {} as Record<string, string>)).statusCode).toBe(401);
      expect((await upload('{}', 'application/json')).statusCode).toBe(415);
      const res = await upload('', 'text/csv');
      expect(res.statusCode).toBe(400);
      const list = (await t.app.inject({ method: 'GET', url: '/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs', headers: bearer(cbse) })).statusCode;
      expect(list).toBe(404);
    });
  });
}
