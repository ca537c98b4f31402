import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, sandboxResident, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Entry {
  seq: number;
  actor: { kind: string; id: string; name: string | null };
  orgId: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

for (const dialect of DIALECTS) {
  describe(`audit log of issuer-side actions [${dialect}]`, () => {
    let t: TestApp;
    let op: string;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      op = await staffToken(t);
    });
    afterAll(async () => t?.close());

    const entries = async (): Promise<Entry[]> => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log?limit=1000', headers: bearer(op) });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().entries;
    };

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
