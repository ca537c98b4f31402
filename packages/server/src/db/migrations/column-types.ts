import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * The one place that decides how a logical column type is spelled in each dialect.
 * Migrations are frozen in time: they use this helper and Kysely<any>, never app code.
 */
export function columnTypes(db: Kysely<any>) {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    postgres,
    /** Epoch milliseconds; also sizes and counters. SQLite's integer is already 64-bit. */
    int64: 'bigint' as const,
    bytes: postgres ? ('bytea' as const) : ('blob' as const),
    json: postgres ? ('jsonb' as const) : ('text' as const),
  };
}
