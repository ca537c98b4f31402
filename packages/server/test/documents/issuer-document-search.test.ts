import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainDeps } from '../../src/app.js';
import * as termsMigration from '../../src/db/migrations/0021_issued_document_terms.js';
import * as termsStatusMigration from '../../src/db/migrations/0026_issued_document_terms_status.js';
import * as statusTermsMigration from '../../src/db/migrations/0028_issued_document_status_terms.js';
import * as statusTermsByKeyMigration from '../../src/db/migrations/0029_status_terms_by_key.js';
import { applyPushRecords } from '../../src/domain/documents/push-uri-records.js';
import { DIALECTS } from '../support/dialects.js';
import { freshMobile, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { until } from '../support/until.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'in.gov.transport';

for (const dialect of DIALECTS) {
  describe(`issuer staff search their own documents [${dialect}]`, () => {
    let t: TestApp;
    let staff: string;
    const mobiles = { ravi: freshMobile(), meena: freshMobile(), sharma: freshMobile() };
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      staff = await staffToken(t, 'transport');
      await signUp(t, { mobile: mobiles.meena });
      const issue = async (docId: string, mobile: string, name: string, issuedOn: string, extra: Record<string, unknown> = {}) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/issuers/${ORG}/documents`,
          headers: bearer(staff),
          payload: { docType: 'DRVLC', docId, holder: { mobile, name }, fields: { licenceNo: docId }, issuedOn, ...extra },
        });
        expect(res.statusCode, res.body).toBe(201);
      };
      await issue('SRCH0000000001', mobiles.ravi, 'Ravi Kumar Patel', '2026-01-10');
      await issue('SRCH0000000002', mobiles.meena, 'Meena Shah', '2026-01-11');
      await issue('SRCH0000000003', mobiles.sharma, 'रवि शर्मा', '2026-01-12');
      // A number in the fields identifies the record too, written as people write it.
      await issue('SRCH0000000004', mobiles.sharma, '  DESAI   Kiran  Bhai ', '2026-01-13', {
        holder: { mobile: mobiles.sharma, name: '  DESAI   Kiran  Bhai ', nameLocal: 'દેસાઈ કિરણભાઈ' },
        fields: { licenceNo: 'GJ01 2014-0012345', rto: 'Ahmedabad', bloodGroup: 'B+' },
      });
    });
    afterAll(async () => t?.close());

    const search = (body: Record<string, unknown>, token = staff, org = ORG) =>
      t.app.inject({ method: 'POST', url: `/api/v1/issuers/${org}/documents/search`, headers: bearer(token), payload: body });
    const uris = async (body: Record<string, unknown>) => {
      const res = await search(body);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().documents as { uri: string }[]).map((d) => d.uri);
    };
    /** The terms and their status copies, as stored: every document not active has a copy of exactly its terms, with its status; no other. */
    const storedTerms = async () => {
      const kysely = t.runtime.db.kysely;
      const terms = await kysely.selectFrom('issued_document_terms').selectAll().orderBy('document_id').orderBy('term').execute();
      const copies = await kysely.selectFrom('issued_document_status_terms').selectAll().orderBy('document_id').orderBy('term').execute();
      const statuses = new Map((await kysely.selectFrom('issued_documents').select(['id', 'status']).execute()).map((d) => [d.id, d.status]));
      const expected = terms.flatMap((r) => {
        const status = statuses.get(r.document_id)!;
        return status === 'active' ? [] : [{ ...r, status }];
      });
      expect(copies).toEqual(expected);
      return { terms, copies };
    };

    it('finds a document by URI, document number, part of the name (any case, any script), or the mobile it was issued to', async () => {
      expect(await uris({ q: `${ORG}-DRVLC-SRCH0000000002` })).toEqual([`${ORG}-DRVLC-SRCH0000000002`]);
      expect(await uris({ q: 'SRCH0000000001' })).toEqual([`${ORG}-DRVLC-SRCH0000000001`]);
      expect(await uris({ q: 'kUMAR' })).toEqual([`${ORG}-DRVLC-SRCH0000000001`]);
      expect(await uris({ q: 'शर्मा' })).toEqual([`${ORG}-DRVLC-SRCH0000000003`]);
      // Word beginnings in any order, any spacing and case; the Gujarati name as issued beside it.
      const desai = [`${ORG}-DRVLC-SRCH0000000004`];
      expect(await uris({ q: '  kiran   des ' })).toEqual(desai);
      expect(await uris({ q: 'KIRANBHAI' })).toEqual([]);
      expect(await uris({ q: 'કિરણ' })).toEqual(desai);
      expect(await uris({ q: 'દેસાઈ કિ' })).toEqual(desai);
      expect(await uris({ q: 'ravi patel' })).toEqual([`${ORG}-DRVLC-SRCH0000000001`]);
      expect(await uris({ q: 'ravi shah' })).toEqual([]);
      // A licence (roll, registration) number among the fields, with or without its spaces and dashes.
      expect(await uris({ q: 'gj01-2014-0012345' })).toEqual(desai);
      expect(await uris({ q: 'GJ0120140012345' })).toEqual(desai);
      expect(await uris({ q: 'srch0000000004' })).toEqual(desai);
      // Part of a number is not the number.
      expect(await uris({ q: 'GJ01 2014' })).toEqual([]);
      // Nobody holds Ravi's yet (held under the mobile's keyed hash); Meena signed up first.
      const ravi = (await search({ q: `+91 ${mobiles.ravi.slice(0, 5)} ${mobiles.ravi.slice(5)}` })).json().documents;
      expect(ravi).toHaveLength(1);
      expect(ravi[0]).toMatchObject({
        uri: `${ORG}-DRVLC-SRCH0000000001`,
        holderName: 'Ravi Kumar Patel',
        docType: 'DRVLC',
        docId: 'SRCH0000000001',
        status: 'active',
        held: true,
        holderMobile: `XXXXXX${mobiles.ravi.slice(-4)}`,
      });
      const meena = (await search({ q: mobiles.meena })).json().documents;
      expect(meena.map((d: { uri: string }) => d.uri)).toEqual([`${ORG}-DRVLC-SRCH0000000002`]);
      expect(meena[0]).toMatchObject({ held: false, holderMobile: `XXXXXX${mobiles.meena.slice(-4)}` });
      // Found by name, a held document shows no mobile (only its keyed hash is stored); a locker's does.
      const byName = (await search({ q: 'meena' })).json().documents;
      expect(byName[0].holderMobile).toBe(`XXXXXX${mobiles.meena.slice(-4)}`);
      expect((await search({ q: 'ravi kumar' })).json().documents[0].holderMobile).toBeNull();
      expect(await uris({ q: mobiles.sharma })).toEqual([4, 3].map((n) => `${ORG}-DRVLC-SRCH000000000${n}`));
      // A wildcard is a character like any other.
      expect(await uris({ q: '%ee%' })).toEqual([]);
      expect(await uris({ q: 'Nobody Of That Name' })).toEqual([]);
    });

    it('pages newest first without repeats, and filters by status with the reason', async () => {
      // A document number matches whole, never in part.
      expect(await uris({ q: 'SRCH' })).toEqual([]);

      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const body: Record<string, unknown> = { docType: 'DRVLC', limit: 2, ...(cursor ? { cursor } : {}) };
        const page = (await search(body)).json();
        expect(page.documents.length).toBeLessThanOrEqual(2);
        all.push(...page.documents.map((d: { uri: string }) => d.uri));
        cursor = page.nextCursor;
      } while (cursor);
      const ours = all.filter((u) => u.includes('SRCH'));
      expect(ours).toEqual([4, 3, 2, 1].map((n) => `${ORG}-DRVLC-SRCH000000000${n}`));
      expect(new Set(all).size).toBe(all.length);

      const uri = `${ORG}-DRVLC-SRCH0000000002`;
      const revoked = await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/${ORG}/documents/${uri}/status`,
        headers: bearer(staff),
        payload: { status: 'revoked', reason: 'Issued in error' },
      });
      expect(revoked.statusCode).toBe(200);
      const found = (await search({ status: 'revoked', q: 'Meena' })).json().documents;
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ uri, status: 'revoked', statusReason: 'Issued in error' });
      expect(found[0].statusChangedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await uris({ status: 'suspended', q: 'Meena' })).toEqual([]);
    });

    it('never shows another issuer’s documents, and refuses malformed searches with the field named', async () => {
      const cbse = await staffToken(t, 'cbse');
      const elsewhere = await search({ q: 'Ravi' }, cbse);
      expect(elsewhere.statusCode).toBe(404);
      expect(elsewhere.json().code).toBe('not_found');
      const own = await search({ q: `${ORG}-DRVLC-SRCH0000000001` }, cbse, 'in.gov.cbse');
      expect(own.statusCode).toBe(200);
      expect(own.json().documents).toEqual([]);
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/issuers/${ORG}/documents/search`, payload: {} })).statusCode).toBe(401);

      for (const [body, path] of [
        [{ limit: 0 }, '/body/limit'],
        [{ limit: 101 }, '/body/limit'],
        [{ status: 'lost' }, '/body/status'],
        [{ docType: 'lower' }, '/body/docType'],
        [{ q: 'x'.repeat(201) }, '/body/q'],
        [{ q: '' }, '/body/q'],
        [{ q: '   ' }, '/body/q'],
        [{ q: 'r' }, '/body/q'],
        [{ q: ' %_ ' }, '/body/q'],
        [{ q: 'a b c d e f g h i' }, '/body/q'],
        [{ cursor: 'bm9wZQ' }, '/body/cursor'],
      ] as const) {
        const res = await search(body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().code).toBe('validation_failed');
        expect(res.json().errors[0].path).toBe(path);
      }
      const extra = await search({ holder: 'Ravi' });
      expect(extra.statusCode).toBe(400);
    });

    it('pages through name matches by the word matched, newest first within it, each document once', async () => {
      const issue = async (docId: string, name: string, issuedOn: string) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/issuers/${ORG}/documents`,
          headers: bearer(staff),
          payload: { docType: 'DRVLC', docId, holder: { mobile: freshMobile(), name }, fields: { licenceNo: docId }, issuedOn },
        });
        expect(res.statusCode, res.body).toBe(201);
        return `${ORG}-DRVLC-${docId}`;
      };
      const a = await issue('PAGE01', 'Ravish Anand', '2025-03-01');
      const b = await issue('PAGE02', 'Ravindra Bose', '2025-04-01');
      const c = await issue('PAGE03', 'Ravish Ravindran', '2025-05-01');
      const d = await issue('PAGE04', 'Ravish Dutt', '2024-01-01');
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const res = await search({ q: 'rav', limit: 2, ...(cursor ? { cursor } : {}) });
        expect(res.statusCode, res.body).toBe(200);
        pages.push(res.json().documents.map((x: { uri: string }) => x.uri));
        cursor = res.json().nextCursor;
      } while (cursor);
      // By the word matched ("ravindra" < "ravindran" < "ravish"), newest first within a word;
      // Ravish Ravindran is listed once, under the first of its words that matched.
      const all = pages.flat().filter((u) => [a, b, c, d].includes(u));
      expect(all).toEqual([b, c, a, d]);
      expect(new Set(pages.flat()).size).toBe(pages.flat().length);
      expect(pages.every((p) => p.length <= 2)).toBe(true);
      // A rarer second word is read first (every "kol…" here), in the same order by the longest word.
      const e = await issue('PAGE05', 'Ravindra Kolte', '2025-06-01');
      const f = await issue('PAGE06', 'Ravish Kolte', '2025-02-01');
      const g = await issue('PAGE07', 'Kolte Ravish Ravindra', '2025-07-01');
      const paged = async (q: string) => {
        const found: string[] = [];
        let next: string | null = null;
        do {
          const res = await search({ q, limit: 1, ...(next ? { cursor: next } : {}) });
          found.push(...res.json().documents.map((x: { uri: string }) => x.uri));
          next = res.json().nextCursor;
        } while (next);
        return found.filter((u) => [a, b, c, d, e, f, g].includes(u));
      };
      expect(await paged('rav kol')).toEqual([g, e, f]);
      expect(await paged('rav kolte ravis')).toEqual([g, f]);
      expect(await paged('kolte rav')).toEqual([g, e, f]);
      // A page of record-number matches, then the names after it, without repeats.
      const first = await search({ q: 'PAGE01', limit: 1 });
      expect(first.json()).toMatchObject({ documents: [{ uri: a }], nextCursor: null });
    });

    it('audits who searched, by what kind and how many found, never what was typed', async () => {
      const kysely = t.runtime.db.kysely;
      const before = await kysely
        .selectFrom('audit_log')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirstOrThrow();
      expect((await search({ q: mobiles.meena })).statusCode).toBe(200);
      expect((await search({ q: 'Ravi Kumar' })).statusCode).toBe(200);
      expect((await search({ status: 'active', limit: 1 })).statusCode).toBe(200);
      const entries = await kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', Number(before.seq ?? 0))
        .where('action', '=', 'documents.searched')
        .orderBy('seq')
        .execute();
      const staffId = (await kysely.selectFrom('staff_users').select('id').where('username', '=', 'transport').executeTakeFirstOrThrow()).id;
      expect(entries.map((e) => [e.actor_kind, e.actor_id, JSON.parse(e.details)])).toEqual([
        ['staff', staffId, { by: 'mobile', count: 1, page: 'first' }],
        ['staff', staffId, { by: 'text', count: 1, page: 'first' }],
        ['staff', staffId, { by: 'all', count: 1, page: 'first' }],
      ]);
      const issuer = await kysely.selectFrom('issuers').select('id').where('org_id', '=', ORG).executeTakeFirstOrThrow();
      expect(new Set(entries.map((e) => e.issuer_id))).toEqual(new Set([issuer.id]));
      // Neither the mobile nor any of its digits' runs reach the audit log or the server's log.
      const all = JSON.stringify(await kysely.selectFrom('audit_log').selectAll().execute());
      const logs = JSON.stringify(t.logs);
      for (const m of Object.values(mobiles)) {
        expect(all).not.toContain(m);
        expect(logs).not.toContain(m);
      }
      expect(all).not.toContain('Ravi Kumar');
    });

    it('finds by status after each change: suspend, reinstate, revoke, an update meanwhile, and a Push URI batch', async () => {
      const issueOne = async (docId: string, name: string) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/issuers/${ORG}/documents`,
          headers: bearer(staff),
          payload: { docType: 'DRVLC', docId, holder: { mobile: freshMobile(), name }, fields: { licenceNo: docId }, issuedOn: '2026-02-01' },
        });
        expect(res.statusCode, res.body).toBe(201);
        return `${ORG}-DRVLC-${docId}`;
      };
      const [a, b, c] = [
        await issueOne('STAT0000000001', 'Tarun Vohra'),
        await issueOne('STAT0000000002', 'Tarun Vohra'),
        await issueOne('STAT0000000003', 'Tarun Vohra'),
      ];
      const setStatus = async (uri: string, status: string) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/issuers/${ORG}/documents/${uri}/status`,
          headers: bearer(staff),
          payload: { status, ...(status === 'active' ? {} : { reason: 'Checked by the office' }) },
        });
        expect(res.statusCode, res.body).toBe(200);
      };
      /** Each status's matches, by name and by record number: both read the term index. */
      const byStatus = async () => {
        const found: Record<string, string[]> = {};
        for (const status of ['active', 'suspended', 'revoked']) {
          found[status] = (await uris({ q: 'tarun vohr', status })).sort();
          expect(await uris({ q: 'STAT0000000002', status }), status).toEqual(found[status]!.includes(b) ? [b] : []);
        }
        return found;
      };
      expect(await byStatus()).toEqual({ active: [a, b, c], suspended: [], revoked: [] });
      await setStatus(b, 'suspended');
      expect(await byStatus()).toEqual({ active: [a, c], suspended: [b], revoked: [] });
      // An update rewrites the terms: they keep the status the document has.
      const renamed = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/issuers/${ORG}/documents/${b}`,
        headers: bearer(staff),
        payload: { holder: { name: 'Tarun K Vohra' } },
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(await byStatus()).toEqual({ active: [a, c], suspended: [b], revoked: [] });
      await storedTerms();
      await setStatus(b, 'active');
      expect(await byStatus()).toEqual({ active: [a, b, c], suspended: [], revoked: [] });
      await setStatus(a, 'suspended');
      await setStatus(a, 'revoked');
      expect(await byStatus()).toEqual({ active: [b, c], suspended: [], revoked: [a] });
      // Several deletions in one Push URI message revoke each document.
      const deps = createDomainDeps(t.runtime);
      const issuer = (await deps.repos.issuers.findByOrgId(ORG))!;
      const actor = { kind: 'issuer' as const, issuerId: issuer.id, via: 'digilocker' as const, principalId: 'test' };
      const record = (uri: string) => ({ action: 'D' as const, uri, issuerId: ORG, docType: 'DRVLC', docId: uri.split('-').at(-1)!, issuedOn: '2026-02-01' });
      const outcomes = await applyPushRecords(deps, issuer, actor, [record(b), record(c)]);
      expect(outcomes).toMatchObject([{ ok: true }, { ok: true }]);
      expect(await byStatus()).toEqual({ active: [], suspended: [], revoked: [a, b, c] });
      // Without a filter, every status at once, newest first by word as ever.
      expect((await uris({ q: 'tarun' })).sort()).toEqual([a, b, c]);
      await storedTerms();
    });

    it('finds by status after a bulk status job (suspend, then revoke)', async () => {
      const uriOf = async (docId: string) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/issuers/${ORG}/documents`,
          headers: bearer(staff),
          payload: { docType: 'DRVLC', docId, holder: { mobile: freshMobile(), name: 'Ujjwal Nanda' }, fields: { licenceNo: docId }, issuedOn: '2026-03-01' },
        });
        expect(res.statusCode, res.body).toBe(201);
        return `${ORG}-DRVLC-${docId}`;
      };
      const [a, b] = [await uriOf('JOBS0000000001'), await uriOf('JOBS0000000002')];
      const job = async (status: string, list: string[]) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/issuers/${ORG}/status-jobs`,
          headers: bearer(staff),
          payload: { status, reason: 'Found in an audit', uris: list },
        });
        expect(res.statusCode, res.body).toBe(202);
        const id = res.json().id as string;
        const done = await until(
          () => t.app.inject({ method: 'GET', url: `/api/v1/issuers/${ORG}/bulk-jobs/${id}`, headers: bearer(staff) }).then((r) => r.json()),
          (j) => j.status === 'done' || j.status === 'failed',
        );
        expect(done.status).toBe('done');
      };
      const found = async (status: string) => (await uris({ q: 'ujjwal nanda', status })).sort();
      await job('suspended', [a, b]);
      expect([await found('active'), await found('suspended'), await found('revoked')]).toEqual([[], [a, b], []]);
      await job('revoked', [a]);
      expect([await found('active'), await found('suspended'), await found('revoked')]).toEqual([[], [b], [a]]);
      await job('revoked', [b]);
      expect([await found('active'), await found('suspended'), await found('revoked')]).toEqual([[], [], [a, b]]);
      await storedTerms();
    });

    it('follows an update of the name and fields, and the migration backfills from each current version', async () => {
      const uri = `${ORG}-DRVLC-SRCH0000000001`;
      const renamed = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/issuers/${ORG}/documents/${uri}`,
        headers: bearer(staff),
        payload: { holder: { name: 'Ramakant K. Patel', nameLocal: 'रमाकांत पटेल' }, fields: { licenceNo: 'MH12 20190001234' } },
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      const expectFound = async () => {
        expect(await uris({ q: 'ramakant' })).toEqual([uri]);
        expect(await uris({ q: 'रमा पटे' })).toEqual([uri]);
        expect(await uris({ q: 'MH1220190001234' })).toEqual([uri]);
        expect(await uris({ q: 'SRCH0000000001' })).toEqual([uri]);
        expect(await uris({ q: 'kumar' })).toEqual([]);
        expect(await uris({ q: 'કિરણ દેસાઈ' })).toEqual([`${ORG}-DRVLC-SRCH0000000004`]);
      };
      await expectFound();
      // Documents issued before migration 0021 get their terms from their current signed version;
      // 0026 gave them their status, which 0028 moves to a copy of the terms of those not active
      // (some documents here are revoked), and 0029 keeps that copy by its key alone.
      const kysely = t.runtime.db.kysely;
      const before = await storedTerms();
      expect(new Set(before.copies.map((r) => r.status))).toEqual(new Set(['revoked']));
      await statusTermsByKeyMigration.down(kysely);
      await statusTermsMigration.down(kysely);
      await termsStatusMigration.down(kysely);
      await termsMigration.down(kysely);
      await termsMigration.up(kysely);
      await termsStatusMigration.up(kysely);
      await statusTermsMigration.up(kysely);
      await statusTermsByKeyMigration.up(kysely);
      expect(await storedTerms()).toEqual(before);
      await expectFound();
    });
  });
}
