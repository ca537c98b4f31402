import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { readAuditLog, refuseAudit as refuseAuditOf } from '../support/audit.js';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, sandboxResident, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`audit log of issuer-side actions [${dialect}]`, () => {
    let t: TestApp;
    let op: string;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      op = await staffToken(t);
    });
    afterAll(async () => t?.close());

    const entries = () => readAuditLog(t, op);

    it('records who issued, revoked, rotated, minted and revoked credentials, and failed sign-ins; the chain verifies', async () => {
      const staff = await staffToken(t, 'transport');
      const staffId = (await t.runtime.db.kysely.selectFrom('staff_users').select('id').where('username', '=', 'transport').executeTakeFirstOrThrow()).id;
      const key = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers/in.gov.transport/credentials',
          headers: bearer(staff),
          payload: { kind: 'api_key', label: 'audit' },
        })
      ).json();
      const issued = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.transport/documents',
        headers: bearer(key.secret),
        payload: {
          docType: 'DRVLC',
          docId: 'GJ0120260000201',
          holder: { mobile: '9876500003', name: 'Ravi Kumar' },
          fields: { licenceNo: 'GJ0120260000201' },
          issuedOn: '2026-01-10',
        },
      });
      expect(issued.statusCode, issued.body).toBe(201);
      const uri = 'in.gov.transport-DRVLC-GJ0120260000201';
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/in.gov.transport/documents/${uri}/status`,
        headers: bearer(staff),
        payload: { status: 'revoked', reason: 'Issued in error' },
      });
      await t.app.inject({ method: 'POST', url: '/api/v1/issuers/in.gov.transport/keys/rotate', headers: bearer(staff), payload: {} });
      await t.app.inject({ method: 'DELETE', url: `/api/v1/issuers/in.gov.transport/credentials/${key.id}`, headers: bearer(op) });
      const failed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/sign-in',
        payload: { username: 'transport', password: 'wrong-password-here', sessionType: 'bearer' },
      });
      expect(failed.statusCode).toBe(401);

      const log = await entries();
      const find = (action: string, target?: string) => log.find((e) => e.action === action && (target === undefined || e.target === target));
      expect(find('credential.created', key.id)).toMatchObject({
        actor: { kind: 'staff', id: staffId, name: 'transport' },
        orgId: 'in.gov.transport',
        details: { kind: 'api_key', label: 'audit' },
      });
      // Operators read names beside the ids: the API key by its label.
      expect(find('documents.issued', uri)).toMatchObject({
        actor: { kind: 'api_key', id: key.id, name: 'audit' },
        orgId: 'in.gov.transport',
        details: { count: 1 },
      });
      expect(find('document.status_changed', uri)).toMatchObject({
        actor: { kind: 'staff', id: staffId },
        details: { to: 'revoked', reason: 'Issued in error' },
      });
      expect(find('signing_key.rotated')).toMatchObject({ actor: { kind: 'staff', id: staffId } });
      expect(find('credential.revoked', key.id)).toMatchObject({ actor: { kind: 'staff' } });
      const signIn = find('staff.sign_in_failed', 'transport')!;
      expect(signIn).toMatchObject({ actor: { kind: 'anonymous', name: null }, details: { account: staffId } });
      expect(JSON.stringify(log)).not.toContain('wrong-password-here');
      expect(JSON.stringify(log)).not.toContain(key.secret.split('.')[1]);
      expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));

      const verified = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log/verify', headers: bearer(op) });
      expect(verified.json()).toMatchObject({ valid: true, count: log.length, brokenAt: null });
    });

    it('records the first signing key an operator’s registration of an issuer makes, or registers nothing', async () => {
      const register = (orgId: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers',
          headers: bearer(op),
          payload: { orgId, names: { en: 'Audited Board' }, category: 'Education' },
        });
      const operatorId = (await t.runtime.db.kysely.selectFrom('staff_users').select('id').where('role', '=', 'operator').executeTakeFirstOrThrow()).id;
      expect((await register('in.ac.audited')).statusCode).toBe(201);
      const kid = ((await t.app.inject({ method: 'GET', url: '/issuers/in.ac.audited/jwks.json' })).json().keys[0].kid as string).split('#')[1];
      expect((await entries()).find((e) => e.action === 'signing_key.created' && e.orgId === 'in.ac.audited')).toMatchObject({
        actor: { kind: 'staff', id: operatorId },
        orgId: 'in.ac.audited',
        target: kid,
        details: { orgId: 'in.ac.audited' },
      });
      const allow = await refuseAuditOf(t.runtime.db.kysely, dialect, 'signing_key.created');
      try {
        expect((await register('in.ac.unaudited')).statusCode).toBeGreaterThanOrEqual(500);
      } finally {
        await allow();
      }
      expect(await t.runtime.db.kysely.selectFrom('issuers').select('id').where('org_id', '=', 'in.ac.unaudited').executeTakeFirst()).toBeUndefined();
    });

    it('records a resident’s pull as Tijori issuing on the issuer’s behalf, not as a person', async () => {
      const demo = await sandboxResident(t, 0);
      const record = DEMO_RECORDS.find((x) => x.aadhaarNumber === demo.aadhaarNumber && x.docType === 'DRVLC')!;
      const r = await signUp(t);
      expect((await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      const pull = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/pull',
        headers: { cookie: r.cookie },
        payload: { orgId: 'in.gov.transport', docType: 'DRVLC', parameters: record.parameters, consent: true },
      });
      expect(pull.statusCode, pull.body).toBe(201);
      const issued = (await entries()).find((e) => e.action === 'documents.issued' && e.target === pull.json().uri);
      expect(issued).toMatchObject({ actor: { kind: 'system', id: 'pull', name: null }, orgId: 'in.gov.transport', details: { count: 1 } });
    });

    it('is for operators only, and notices an edited entry', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: bearer(await staffToken(t, 'cbse')) })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit-log' })).statusCode).toBe(401);
      const log = await entries();
      const victim = log.find((e) => e.action === 'document.status_changed')!;
      const edit = () =>
        t.runtime.db.kysely
          .updateTable('audit_log')
          .set({ details: JSON.stringify({ ...victim.details, reason: 'Nothing to see' }) })
          .where('seq', '=', victim.seq)
          .execute();
      // The database refuses changes and deletions outright…
      await expect(edit()).rejects.toThrow(/append-only/);
      await expect(t.runtime.db.kysely.deleteFrom('audit_log').where('seq', '=', victim.seq).execute()).rejects.toThrow(/append-only/);
      // …and someone who drops that guard is still caught by the chain.
      if (dialect === 'postgres') await sql`drop trigger audit_log_no_change on audit_log`.execute(t.runtime.db.kysely);
      else await sql`drop trigger audit_log_no_update`.execute(t.runtime.db.kysely);
      await edit();
      const verified = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log/verify', headers: bearer(op) });
      expect(verified.json()).toMatchObject({ valid: false, brokenAt: victim.seq });
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`audit entries commit with their action [${dialect}]`, () => {
    let t: TestApp;
    let op: string;
    let staff: string;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      op = await staffToken(t);
      staff = await staffToken(t, 'transport');
    });
    afterAll(async () => t?.close());

    const db = () => t.runtime.db.kysely;
    const actions = async (): Promise<string[]> =>
      (await db().selectFrom('audit_log').select(['action', 'target']).orderBy('seq').execute()).map((r) => `${r.action} ${r.target ?? ''}`);
    const refuseAudit = (action: string) => refuseAuditOf(db(), dialect, action);
    const issue = (docId: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.transport/documents',
        headers: bearer(staff),
        payload: {
          docType: 'DRVLC',
          docId,
          holder: { mobile: '9876500004', name: 'Asha Rao' },
          fields: { licenceNo: docId },
          issuedOn: '2026-01-10',
        },
      });
    const status = async (uri: string) => (await db().selectFrom('issued_documents').select('status').where('uri', '=', uri).executeTakeFirst())?.status;

    it('leaves no action done without its entry, and no entry without its action', async () => {
      const uri = 'in.gov.transport-DRVLC-GJ0120260000301';
      let allow = await refuseAudit('documents.issued');
      expect((await issue('GJ0120260000301')).statusCode).toBeGreaterThanOrEqual(500);
      expect(await status(uri)).toBeUndefined();
      await allow();
      expect((await issue('GJ0120260000301')).statusCode).toBe(201);
      expect(await actions()).toContain(`documents.issued ${uri}`);

      allow = await refuseAudit('document.status_changed');
      const revoke = () =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/issuers/in.gov.transport/documents/${uri}/status`,
          headers: bearer(staff),
          payload: { status: 'revoked', reason: 'Issued in error' },
        });
      expect((await revoke()).statusCode).toBeGreaterThanOrEqual(500);
      expect(await status(uri)).toBe('active');
      await allow();
      expect((await revoke()).statusCode).toBe(200);
      expect(await status(uri)).toBe('revoked');

      allow = await refuseAudit('credential.created');
      const before = (await db().selectFrom('issuer_credentials').select('id').execute()).length;
      const mint = () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers/in.gov.transport/credentials',
          headers: bearer(staff),
          payload: { kind: 'api_key', label: 'atomic' },
        });
      expect((await mint()).statusCode).toBeGreaterThanOrEqual(500);
      expect((await db().selectFrom('issuer_credentials').select('id').execute()).length).toBe(before);
      await allow();

      allow = await refuseAudit('signing_key.rotated');
      const keys = async () => (await db().selectFrom('signing_keys').select('kid').where('status', '=', 'active').execute()).map((k) => k.kid);
      const active = await keys();
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/v1/issuers/in.gov.transport/keys/rotate', headers: bearer(staff), payload: {} })).statusCode,
      ).toBeGreaterThanOrEqual(500);
      expect(await keys()).toEqual(active);
      await allow();

      const log = await actions();
      expect(log.filter((a) => a.startsWith('document.status_changed'))).toEqual([`document.status_changed ${uri}`]);
      expect(log.filter((a) => a.startsWith('credential.created') || a.startsWith('signing_key.rotated'))).toEqual([]);
    });

    // A deferred constraint that fails at COMMIT exists on PostgreSQL only: the test is declared there
    // alone (not skipped on SQLite).
    if (dialect === 'postgres')
      it('loses the entry with the action when the commit itself fails after the entry was written', async () => {
        await sql`create function audit_at_commit() returns trigger language plpgsql as $$ begin raise exception 'injected commit failure'; end $$`.execute(
          db(),
        );
        await sql`create constraint trigger audit_at_commit after insert on audit_log deferrable initially deferred for each row execute function audit_at_commit()`.execute(
          db(),
        );
        const before = await actions();
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/issuers/in.gov.transport/keys/rotate', headers: bearer(staff), payload: {} });
        await sql`drop trigger audit_at_commit on audit_log`.execute(db());
        await sql`drop function audit_at_commit()`.execute(db());
        expect(res.statusCode).toBeGreaterThanOrEqual(500);
        expect(await actions()).toEqual(before);
      });

    it('keeps one valid chain under concurrent actions, each with its entry', async () => {
      const uris = Array.from({ length: 8 }, (_, i) => `GJ01202600004${String(i).padStart(2, '0')}`);
      const results = await Promise.all([
        ...uris.map((docId) => issue(docId)),
        ...Array.from({ length: 4 }, (_, i) =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/issuers/in.gov.transport/credentials',
            headers: bearer(staff),
            payload: { kind: 'digilocker', label: `c${i}` },
          }),
        ),
        t.app.inject({ method: 'POST', url: '/api/v1/issuers/in.gov.transport/keys/rotate', headers: bearer(staff), payload: {} }),
      ]);
      for (const r of results) expect(r.statusCode, r.body).toBeLessThan(300);
      const log = await actions();
      for (const docId of uris) expect(log).toContain(`documents.issued in.gov.transport-DRVLC-${docId}`);
      expect(log.filter((a) => a.startsWith('credential.created')).length).toBe(4);
      const verified = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log/verify', headers: bearer(op) });
      expect(verified.json()).toMatchObject({ valid: true, count: log.length, brokenAt: null });
    });
  });
}
