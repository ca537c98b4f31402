import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.js';
import { chainAfter, type AuditDraft } from './audit-chain.js';
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
    /**
     * Appends the entry at the end of the chain, inside the caller's transaction when `db` is
     * one. A concurrent writer's uncommitted entry at the same position makes the insert wait
     * for it (PostgreSQL) and then do nothing; the head is read again (a new snapshot per
     * statement) and the next position tried. No statement fails, so the caller's transaction
     * stays usable. Call it last in a transaction: the position is held until commit, and a
     * transaction waiting for it then holds nothing the holder needs.
     */
    async append(draft: AuditDraft): Promise<void> {
      for (let attempt = 0; ; attempt++) {
        const head = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
        const result = await db
          .insertInto('audit_log')
          .values(chainAfter(head, draft))
          .onConflict((oc) => oc.column('seq').doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0) === 1) return;
        if (attempt >= 50) throw new Error(`audit log: no free position after ${attempt + 1} attempts`);
      }
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
