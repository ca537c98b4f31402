import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { bearer } from './staff.js';
import type { TestApp } from './test-app.js';

/** An audit entry as the operators' API answers it. */
export interface AuditEntry {
  seq: number;
  actor: { kind: string; id: string; name: string | null };
  orgId: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

/** The whole audit log (up to 1000 entries), oldest first, read through the API as the operator holding `token`. */
export async function readAuditLog(t: TestApp, token: string): Promise<AuditEntry[]> {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log?limit=1000', headers: bearer(token) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().entries;
}

/**
 * Makes the database refuse audit entries of one action, as a failing disk or constraint would;
 * answers the function that lifts the refusal.
 */
export async function refuseAudit(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', action: string): Promise<() => Promise<void>> {
  if (dialect === 'postgres') {
    await sql`create function audit_refuse() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`.execute(db);
    await sql`create trigger audit_refuse before insert on audit_log for each row when (new.action = ${sql.lit(action)}) execute function audit_refuse()`.execute(
      db,
    );
    return async () => {
      await sql`drop trigger audit_refuse on audit_log`.execute(db);
      await sql`drop function audit_refuse()`.execute(db);
    };
  }
  await sql`create trigger audit_refuse before insert on audit_log when new.action = ${sql.lit(action)} begin select raise(abort, 'injected failure'); end`.execute(
    db,
  );
  return async () => void (await sql`drop trigger audit_refuse`.execute(db));
}
