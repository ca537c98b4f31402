import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

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
