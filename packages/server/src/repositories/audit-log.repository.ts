import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.js';

export type AuditRow = Selectable<AuditLogTable>;

/** The operators' audit log: append and read, never update or delete. */
export function auditLogRepository(db: Kysely<Database>) {
  return {
    async head(): Promise<Pick<AuditRow, 'seq' | 'hash'> | undefined> {
      return db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    },
    /** Fails with a unique violation if another writer took this position first. */
    async insert(row: Insertable<AuditLogTable>): Promise<void> {
      await db.insertInto('audit_log').values(row).execute();
    },
    async page(afterSeq: number, limit: number): Promise<AuditRow[]> {
      return db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq', 'asc').limit(limit).execute();
    },
  };
}

export type AuditLogRepository = ReturnType<typeof auditLogRepository>;
