import { sql, type Kysely } from 'kysely';

export function schemaInfoRepository(db: Kysely<any>) {
  return {
    /** Name of the newest migration applied to this database. */
    async latestApplied(): Promise<string | undefined> {
      const res = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
      return res.rows[0]?.name;
    },
  };
}
