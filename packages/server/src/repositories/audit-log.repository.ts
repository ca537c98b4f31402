import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.js';
import { decodeJson, type WithJson } from './json-columns.js';

/**
 * An entry as stored: `details` is the exact JSON text its hash covers, so it is written and
 * re-hashed as text (re-encoding a decoded value could change a byte and break the chain).
 */
export type StoredAuditRow = Selectable<AuditLogTable>;
/** An entry to show: its details decoded. */
export type AuditRow = WithJson<StoredAuditRow, { details: Record<string, unknown> }>;

/** The operators' audit log: append and read, never update or delete. */
export function auditLogRepository(db: Kysely<Database>) {
  const pageAsStored = (afterSeq: number, limit: number): Promise<StoredAuditRow[]> =>
    db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq', 'asc').limit(limit).execute();
  return {
    async head(): Promise<Pick<StoredAuditRow, 'seq' | 'hash'> | undefined> {
      return db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    },
    /** Fails with a unique violation if another writer took this position first. */
    async insert(row: Insertable<AuditLogTable>): Promise<void> {
      await db.insertInto('audit_log').values(row).execute();
    },
    /** Oldest first, a page at a time. */
    async page(afterSeq: number, limit: number): Promise<AuditRow[]> {
      return (await pageAsStored(afterSeq, limit)).map((r) => ({ ...r, details: decodeJson<Record<string, unknown>>(r.details) }));
    },
    /** The same page as stored: for re-computing the chain. */
    pageAsStored,
  };
}

export type AuditLogRepository = ReturnType<typeof auditLogRepository>;
