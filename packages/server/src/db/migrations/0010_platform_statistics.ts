import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Platform statistics kept as counters, so the operator's dashboard never counts a big table:
 * one row per (metric, day, issuer, dimension) whose `n` grows as events happen. Days are
 * India Standard Time dates. `issuer_id` and `dimension` are '' where they do not apply.
 * Plus each issuer repository's health, one row per issuer.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  // SQLite: the rows live in the primary key's b-tree (WITHOUT ROWID), so a range of days of one
  // metric is read in key order with no second lookup per row.
  await db.schema
    .createTable('stat_daily_counters')
    .$call((b) => (t.postgres ? b : b.modifyEnd(sql`without rowid`)))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('n', t.int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('stat_daily_counters_pk', ['metric', 'day', 'issuer_id', 'dimension'])
    .execute();

  await db.schema
    .createTable('issuer_repository_health')
    .addColumn('issuer_id', 'text', (c) => c.primaryKey())
    .addColumn('last_success_at', t.int64)
    .addColumn('last_failure_at', t.int64)
    .addColumn('last_outcome', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.int64, (c) => c.notNull())
    .execute();

  await backfill(db, t.postgres);

  // The dashboard and the metrics read waiting and running bulk jobs, and the latest ones.
  await db.schema.createIndex('bulk_jobs_status_idx').on('bulk_jobs').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('bulk_jobs_created_idx').on('bulk_jobs').column('created_at').execute();
}

/**
 * An existing installation starts with the history its tables hold: sign-ups, Aadhaar links and
 * documents issued per day, counted once here (one scan of each table, at upgrade time). Pulls,
 * verifications and repository calls were never stored, so they start from zero.
 */
async function backfill(db: Kysely<any>, postgres: boolean): Promise<void> {
  // The IST (UTC+5:30) date of an epoch-milliseconds column.
  const day = (column: string) =>
    postgres
      ? sql`to_char(to_timestamp((${sql.ref(column)} + 19800000) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')`
      : sql`strftime('%Y-%m-%d', (${sql.ref(column)} + 19800000) / 1000, 'unixepoch')`;
  const created = day('created_at');
  await sql`insert into stat_daily_counters (metric, day, issuer_id, dimension, n)
    select 'residents_signed_up', ${created}, '', '', count(*) from residents group by ${created}`.execute(db);
  await sql`insert into stat_daily_counters (metric, day, issuer_id, dimension, n)
    select 'residents_aadhaar_linked', ${created}, '', '', count(*) from aadhaar_vault group by ${created}`.execute(db);
  await sql`insert into stat_daily_counters (metric, day, issuer_id, dimension, n)
    select 'documents_issued', ${created}, issuer_id, doc_type, count(*) from issued_documents group by ${created}, issuer_id, doc_type`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('bulk_jobs_created_idx').execute();
  await db.schema.dropIndex('bulk_jobs_status_idx').execute();
  await db.schema.dropTable('issuer_repository_health').execute();
  await db.schema.dropTable('stat_daily_counters').execute();
}
