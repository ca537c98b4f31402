import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { BulkJobRejectionsTable, BulkJobsTable, Database } from '../db/schema.js';
import type { RejectionReason } from '../domain/documents/rejection-reasons.js';
import { decodeNullableJson, encodeNullableJson, type WithJson } from './json-columns.js';

export type BulkJobRow = Selectable<BulkJobsTable>;
/** A rejected row, its reason decoded (null on rows stored before reasons were kept). */
export type BulkRejection = WithJson<Selectable<BulkJobRejectionsTable>, { reason: RejectionReason | null }>;

export function bulkJobsRepository(db: Kysely<Database>) {
  return {
    async insert(row: Insertable<BulkJobsTable>): Promise<void> {
      await db.insertInto('bulk_jobs').values(row).execute();
    },
    async find(id: string): Promise<BulkJobRow | undefined> {
      return db.selectFrom('bulk_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /** The job an issuer made with this Idempotency-Key, if any. */
    async findByRequestKey(issuerId: string, key: string): Promise<BulkJobRow | undefined> {
      return db.selectFrom('bulk_jobs').selectAll().where('issuer_id', '=', issuerId).where('request_key', '=', key).executeTakeFirst();
    },
    async listForIssuer(issuerId: string, limit: number): Promise<BulkJobRow[]> {
      return db.selectFrom('bulk_jobs').selectAll().where('issuer_id', '=', issuerId).orderBy('created_at', 'desc').limit(limit).execute();
    },
    /** Jobs that are waiting, or whose worker stopped renewing its lease (it died). */
    async findClaimable(now: number, limit: number): Promise<BulkJobRow[]> {
      return db
        .selectFrom('bulk_jobs')
        .selectAll()
        .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)])]))
        .orderBy('created_at')
        .limit(limit)
        .execute();
    },
    /** Takes the job for `leaseMs` if nobody else holds it; true for exactly one worker. */
    async claim(id: string, now: number, leaseMs: number): Promise<boolean> {
      const r = await db
        .updateTable('bulk_jobs')
        .set({ status: 'running', lease_until: now + leaseMs, updated_at: now })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)])]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async update(id: string, patch: Updateable<BulkJobsTable>): Promise<void> {
      await db.updateTable('bulk_jobs').set(patch).where('id', '=', id).execute();
    },
    async insertRejections(rows: BulkRejection[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insertInto('bulk_job_rejections')
          .values(rows.slice(i, i + 500).map((r): Insertable<BulkJobRejectionsTable> => ({ ...r, reason: encodeNullableJson(r.reason) })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },
    async listRejections(jobId: string, afterRow: number, limit: number): Promise<BulkRejection[]> {
      const rows = await db
        .selectFrom('bulk_job_rejections')
        .selectAll()
        .where('job_id', '=', jobId)
        .where('row_number', '>', afterRow)
        .orderBy('row_number')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...r, reason: decodeNullableJson<RejectionReason>(r.reason) }));
    },
  };
}
