import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { outbox, signUp, type SignedUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

const ORG = 'in.gov.transport';
const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

interface AuditEntry {
  action: string;
  target: string | null;
  actor: { kind: string; id: string };
  details: Record<string, unknown>;
}

for (const dialect of DIALECTS) {
  describe(`bulk revocation and suspension [${dialect}]`, () => {
    let t: TestApp;
    let token: string;
    let holder: SignedUp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      token = await staffToken(t, 'transport');
      holder = await signUp(t);
    });
    afterAll(async () => t?.close());

    let serial = 0;
    /** Issues a licence of `org` (its staff) and answers its URI and status entry. */
    const issue = async (options: { org?: string; staff?: string; issuedOn?: string; mobile?: string } = {}) => {
      const org = options.org ?? ORG;
      const docId = `BR${dialect.slice(0, 2).toUpperCase()}${String(++serial).padStart(8, '0')}`;
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/${org}/documents`,
        headers: bearer(options.staff ? await staffToken(t, options.staff) : token),
        payload:
          org === ORG
            ? {
                docType: 'DRVLC',
                docId,
                holder: { mobile: options.mobile ?? holder.mobile, name: 'Ravi Kumar' },
                fields: { licenceNo: docId },
                issuedOn: options.issuedOn ?? '2026-01-10',
              }
            : {
                docType: 'PANCR',
                docId,
                holder: { mobile: options.mobile ?? holder.mobile, name: 'Ravi Kumar' },
                fields: { pan: 'ABCDE1234F' },
                issuedOn: '2026-01-10',
              },
      });
      expect(res.statusCode, res.body).toBe(201);
      const uri = res.json().uri as string;
      const row = await t.runtime.db.kysely
        .selectFrom('document_versions')
        .innerJoin('issued_documents', 'issued_documents.id', 'document_versions.document_id')
        .select('document_versions.credential')
        .where('issued_documents.uri', '=', uri)
        .executeTakeFirstOrThrow();
      const [revocation] = payloadOf(row.credential).credentialStatus as { statusListIndex: string; statusListCredential: string }[];
      return { uri, index: Number(revocation!.statusListIndex), list: revocation!.statusListCredential };
    };
    const submit = (body: Record<string, unknown>, headers: Record<string, string> = {}, auth = token) =>
      t.app.inject({ method: 'POST', url: `/api/v1/issuers/${ORG}/status-jobs`, headers: { ...bearer(auth), ...headers }, payload: body });
    const finished = (id: string) =>
      until(
        () => t.app.inject({ method: 'GET', url: `/api/v1/issuers/${ORG}/bulk-jobs/${id}`, headers: bearer(token) }).then((r) => r.json()),
        (j) => j.status === 'done' || j.status === 'failed',
      );
    const rejections = async (id: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/issuers/${ORG}/bulk-jobs/${id}/rejections`, headers: bearer(token) })).json().rejections as {
        row: number;
        code: string;
      }[];
    const statusOf = async (uri: string) =>
      await t.runtime.db.kysely.selectFrom('issued_documents').select(['status', 'status_reason']).where('uri', '=', uri).executeTakeFirstOrThrow();
    /** Fetches a list as a verifier does: checks its signature with the issuer's published key, gunzips the bits itself. */
    const setBits = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url: new URL(url).pathname });
      expect(res.statusCode, res.body).toBe(200);
      const [h, p, s] = res.body.split('.') as [string, string, string];
      const header = JSON.parse(Buffer.from(h, 'base64url').toString());
      const jwks = (await t.app.inject({ method: 'GET', url: `/issuers/${ORG}/jwks.json` })).json().keys as { kid: string }[];
      const key = createPublicKey({ key: jwks.find((k) => k.kid === header.kid)! as never, format: 'jwk' });
      const signed =
        header.alg === 'EdDSA'
          ? verifySignature(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))
          : verifySignature('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
      expect(signed).toBe(true);
      const encoded = payloadOf(res.body).credentialSubject.encodedList as string;
      const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
      const set = new Set<number>();
      for (let i = 0; i < bits.length * 8; i++) if (bits[i >> 3]! & (0x80 >> (i & 7))) set.add(i);
      return set;
    };
    const audit = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/audit-log?limit=1000', headers: bearer(await staffToken(t)) })).json().entries as AuditEntry[];

    it('revokes a list of its own documents; refuses another issuer’s, unknown and already revoked rows by row; sets the bits; notifies; audits', async () => {
      const mine = [await issue(), await issue(), await issue()];
      const before = await issue();
      const theirs = await issue({ org: 'in.gov.pan', staff: 'pan' });
      const revokedBefore = await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/${ORG}/documents/${before.uri}/status`,
        headers: bearer(token),
        payload: { status: 'revoked', reason: 'Earlier' },
      });
      expect(revokedBefore.statusCode).toBe(200);
      const uris = [mine[0]!.uri, theirs.uri, before.uri, mine[1]!.uri, `${ORG}-DRVLC-NOSUCHDOC1`, 'in.gov.pan-PANCR-NOSUCHDOC2', mine[2]!.uri];
      const res = await submit({ status: 'revoked', reason: 'Licences cancelled in the 2026 audit', uris });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({ kind: 'status', format: 'uri-list', change: { status: 'revoked', reason: 'Licences cancelled in the 2026 audit' } });
      const id = res.json().id as string;
      expect(await finished(id)).toMatchObject({ status: 'done', rowsDone: 7, rowsOk: 3, rowsFailed: 4 });
      // Each with a reason the console words in its reader's language: the code as the key, and the URI.
      const why = (row: number, code: string, uri: string) => expect.objectContaining({ row, code, reason: { key: code, params: { uri } } });
      expect(await rejections(id)).toEqual([
        why(2, 'not_issuer_document', theirs.uri),
        why(3, 'already_revoked', before.uri),
        why(5, 'unknown_uri', `${ORG}-DRVLC-NOSUCHDOC1`),
        why(6, 'not_issuer_document', 'in.gov.pan-PANCR-NOSUCHDOC2'),
      ]);
      for (const d of mine) expect(await statusOf(d.uri)).toEqual({ status: 'revoked', status_reason: 'Licences cancelled in the 2026 audit' });
      expect(await statusOf(theirs.uri)).toMatchObject({ status: 'active' });
      expect(await statusOf(before.uri)).toEqual({ status: 'revoked', status_reason: 'Earlier' });

      // The published list, decoded independently, has exactly these documents' bits (of this test's list).
      const set = await setBits(mine[0]!.list);
      for (const d of [...mine, before]) expect(set.has(d.index)).toBe(true);
      expect(set.size).toBe(4);

      // The holder is told in the inbox, with the reason; a small job also sends the SMS.
      const inbox = (await t.app.inject({ method: 'GET', url: '/api/v1/me/notifications?language=en', headers: { cookie: holder.cookie } })).json();
      const revokedNotices = inbox.notifications.filter((n: { kind: string }) => n.kind === 'document_revoked');
      expect(revokedNotices.map((n: { uri: string }) => n.uri).sort()).toEqual([before.uri, ...mine.map((d) => d.uri)].sort());
      expect(revokedNotices.find((n: { uri: string }) => n.uri === mine[0]!.uri).text).toContain('Licences cancelled in the 2026 audit');
      expect((await outbox(t, holder.mobile)).filter((m) => m.body.includes('Licences cancelled in the 2026 audit'))).toHaveLength(3);

      const log = await audit();
      expect(log.find((e) => e.action === 'bulk_job.created' && e.target === id)).toMatchObject({
        actor: { kind: 'staff' },
        details: { kind: 'status', status: 'revoked', uris: 7 },
      });
      const chunks = log.filter((e) => e.action === 'documents.status_changed' && e.target === id);
      expect(chunks).toHaveLength(1);
      expect(chunks[0]).toMatchObject({ actor: { kind: 'system', id: `bulk:${id}` }, details: { to: 'revoked', count: 3 } });
      expect((chunks[0]!.details.uris as string[]).sort()).toEqual(mine.map((d) => d.uri).sort());
      const chain = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-log/verify', headers: bearer(await staffToken(t)) })).json();
      expect(chain.valid).toBe(true);

      // The same list again changes nothing, notifies nobody and audits no change.
      const again = await submit({ status: 'revoked', reason: 'Licences cancelled in the 2026 audit', uris });
      const second = await finished(again.json().id);
      expect(second).toMatchObject({ status: 'done', rowsOk: 0, rowsFailed: 7 });
      expect((await rejections(again.json().id)).map((r) => r.code)).toEqual([
        'already_revoked',
        'not_issuer_document',
        'already_revoked',
        'already_revoked',
        'unknown_uri',
        'not_issuer_document',
        'already_revoked',
      ]);
      expect((await audit()).filter((e) => e.action === 'documents.status_changed' && e.target === again.json().id)).toEqual([]);
      const after = (await t.app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: { cookie: holder.cookie } })).json();
      expect(after.notifications.filter((n: { kind: string }) => n.kind === 'document_revoked')).toHaveLength(4);
    });

    it('suspends by document type and issue date, only documents issued before it, and sets the suspension bits', async () => {
      const old = [await issue({ issuedOn: '2019-03-01' }), await issue({ issuedOn: '2019-06-30' })];
      const recent = await issue({ issuedOn: '2019-07-01' });
      const res = await submit({ status: 'suspended', reason: 'Re-verification of 2019 licences', filter: { docType: 'DRVLC', issuedBefore: '2019-07-01' } });
      expect(res.statusCode, res.body).toBe(202);
      expect(await finished(res.json().id)).toMatchObject({ status: 'done', rowsOk: 2, rowsFailed: 0, format: 'filter' });
      for (const d of old) expect((await statusOf(d.uri)).status).toBe('suspended');
      expect((await statusOf(recent.uri)).status).toBe('active');
      const set = await setBits(old[0]!.list.replace(/revocation$/, 'suspension'));
      for (const d of old) expect(set.has(d.index)).toBe(true);
      expect(set.has(recent.index)).toBe(false);
    });

    it('tells a holder of many revoked documents in the inbox only: one job of 101 sends no SMS', async () => {
      const many = await signUp(t);
      const docs = [];
      for (let i = 0; i < 101; i++) docs.push(await issue({ mobile: many.mobile }));
      const res = await submit({ status: 'revoked', reason: 'Fleet licences withdrawn', uris: docs.map((d) => d.uri) });
      expect(res.statusCode, res.body).toBe(202);
      expect(await finished(res.json().id)).toMatchObject({ status: 'done', rowsOk: 101, rowsFailed: 0 });
      // Newest first: a page of 100 revocation notices, and the 101st on the next page.
      const page = async (query: string) =>
        (await t.app.inject({ method: 'GET', url: `/api/v1/me/notifications?${query}`, headers: { cookie: many.cookie } })).json().notifications as {
          id: string;
          kind: string;
          uri: string;
        }[];
      const first = await page('limit=100');
      const next = await page(`limit=1&before=${first.at(-1)!.id}`);
      const revoked = [...first, ...next].filter((n) => n.kind === 'document_revoked');
      expect(revoked.map((n) => n.uri).sort()).toEqual(docs.map((d) => d.uri).sort());
      expect((await outbox(t, many.mobile)).filter((m) => m.body.includes('Fleet licences withdrawn'))).toEqual([]);
      // The job's 101 events extend the holder's activity chain after its earlier ones, unbroken.
      const chain = (await t.app.inject({ method: 'GET', url: '/api/v1/me/activity/verify', headers: { cookie: many.cookie } })).json();
      expect(chain.valid).toBe(true);
      expect(chain.count).toBeGreaterThan(101);
    });

    it('with a list and a filter, changes only the listed documents that match the filter, and rejects the other listed ones by row', async () => {
      const [old, recent, unlisted, revoked] = [
        await issue({ issuedOn: '2018-02-01' }),
        await issue({ issuedOn: '2018-09-01' }),
        await issue({ issuedOn: '2018-02-01' }),
        await issue({ issuedOn: '2018-03-01' }),
      ];
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/${ORG}/documents/${revoked!.uri}/status`,
        headers: bearer(token),
        payload: { status: 'revoked', reason: 'Earlier' },
      });
      const filter = { docType: 'DRVLC', issuedBefore: '2018-06-01' };
      const body = { status: 'revoked', reason: 'Forged in 2018', uris: [old!.uri, recent!.uri, revoked!.uri], filter };
      const res = await submit(body, { 'idempotency-key': `both-${dialect}` });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({ format: 'uri-list', change: { status: 'revoked', reason: 'Forged in 2018', filter } });
      expect(await finished(res.json().id)).toMatchObject({ status: 'done', rowsDone: 3, rowsOk: 1, rowsFailed: 2 });
      expect(await rejections(res.json().id)).toEqual([
        expect.objectContaining({ row: 2, code: 'not_matching_filter', reason: { key: 'not_matching_filter', params: { uri: recent!.uri, ...filter } } }),
        expect.objectContaining({ row: 3, code: 'already_revoked' }),
      ]);
      expect(await statusOf(old!.uri)).toEqual({ status: 'revoked', status_reason: 'Forged in 2018' });
      // The filter narrows the list; it never adds a document the list does not name.
      for (const d of [recent!, unlisted!]) expect((await statusOf(d.uri)).status).toBe('active');
      const created = (await audit()).find((e) => e.action === 'bulk_job.created' && e.target === res.json().id);
      expect(created?.details).toMatchObject({ uris: 3, filter });
      // The same key with the same list and another filter is another request.
      expect((await submit(body, { 'idempotency-key': `both-${dialect}` })).statusCode).toBe(200);
      const other = await submit({ ...body, filter: { ...filter, issuedBefore: '2018-07-01' } }, { 'idempotency-key': `both-${dialect}` });
      expect(other.json().code).toBe('idempotency_key_reused');
    });

    it('answers the same job for a repeated Idempotency-Key, and 409 when the key comes with another request', async () => {
      const d = await issue();
      const body = { status: 'suspended', reason: 'Key test', uris: [d.uri] };
      const first = await submit(body, { 'idempotency-key': `key-${dialect}-1` });
      expect(first.statusCode, first.body).toBe(202);
      const repeat = await submit(body, { 'idempotency-key': `key-${dialect}-1` });
      expect(repeat.statusCode, repeat.body).toBe(200);
      expect(repeat.json().id).toBe(first.json().id);
      const other = await submit({ ...body, reason: 'Another reason' }, { 'idempotency-key': `key-${dialect}-1` });
      expect(other.statusCode).toBe(409);
      expect(other.json().code).toBe('idempotency_key_reused');
      expect(await finished(first.json().id)).toMatchObject({ status: 'done', rowsOk: 1 });
    });

    it('refuses bad requests with stable codes, and another issuer’s staff', async () => {
      const d = await issue();
      const bad = [
        { status: 'revoked', reason: 'x' },
        { status: 'revoked', reason: 'x', uris: [d.uri, d.uri] },
        { status: 'revoked', reason: 'x', uris: [] },
        { status: 'active', reason: 'x', uris: [d.uri] },
        { status: 'revoked', reason: '', uris: [d.uri] },
        { status: 'revoked', reason: 'x', uris: ['not a uri'] },
        { status: 'revoked', reason: 'x', filter: { docType: 'DRVLC', issuedBefore: 'yesterday' } },
      ];
      for (const body of bad) {
        const res = await submit(body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().code).toBe('validation_failed');
      }
      expect((await submit(bad[0]!)).json().detail).toMatch(/`uris`.*`filter`.*both/);
      for (const uris of [undefined, [d.uri]]) {
        const unknownType = await submit({ status: 'revoked', reason: 'x', uris, filter: { docType: 'NOPE', issuedBefore: '2020-01-01' } });
        expect(unknownType.statusCode).toBe(404);
        expect(unknownType.json().code).toBe('doctype_not_found');
      }
      const stranger = await submit({ status: 'revoked', reason: 'x', uris: [d.uri] }, {}, await staffToken(t, 'cbse'));
      expect(stranger.statusCode).toBe(404);
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/v1/issuers/${ORG}/status-jobs`, payload: { status: 'revoked', reason: 'x', uris: [d.uri] } }))
          .statusCode,
      ).toBe(401);
      expect((await statusOf(d.uri)).status).toBe('active');
    });
  });
}
