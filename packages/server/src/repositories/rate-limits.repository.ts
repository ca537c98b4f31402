import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Fixed-window counters in the database, so every server process shares them. */
export function rateLimitsRepository(db: Kysely<Database>) {
  return {
    /** Counts one hit and returns the count in the current window and when the window began. */
    async hit(key: string, windowMs: number, now: number): Promise<{ count: number; windowStart: number }> {
      const expired = sql<boolean>`rate_limits.window_start <= ${now - windowMs}`;
      const row = await db
        .insertInto('rate_limits')
        .values({ key, window_start: now, count: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            count: sql<number>`case when ${expired} then 1 else rate_limits.count + 1 end`,
            window_start: sql<number>`case when ${expired} then ${now} else rate_limits.window_start end`,
          }),
        )
        .returning(['count', 'window_start'])
        .executeTakeFirstOrThrow();
      return { count: Number(row.count), windowStart: Number(row.window_start) };
    },

    /**
     * Takes one of `max` attempts in one statement: counts it and answers the new count, or
     * answers undefined (and counts nothing) when the window's attempts are used up. Concurrent
     * callers are serialised by the row, so at most `max` ever get a count.
     */
    async take(key: string, max: number, windowMs: number, now: number): Promise<number | undefined> {
      const expired = sql<boolean>`rate_limits.window_start <= ${now - windowMs}`;
      const row = await db
        .insertInto('rate_limits')
        .values({ key, window_start: now, count: 1 })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet({
              count: sql<number>`case when ${expired} then 1 else rate_limits.count + 1 end`,
              window_start: sql<number>`case when ${expired} then ${now} else rate_limits.window_start end`,
            })
            .where(sql<boolean>`${expired} or rate_limits.count < ${max}`),
        )
        .returning('count')
        .executeTakeFirst();
      return row ? Number(row.count) : undefined;
    },

    async peek(key: string, windowMs: number, now: number): Promise<number> {
      const row = await db.selectFrom('rate_limits').select(['count', 'window_start']).where('key', '=', key).executeTakeFirst();
      if (!row || Number(row.window_start) <= now - windowMs) return 0;
      return Number(row.count);
    },

    async reset(key: string): Promise<void> {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute();
    },
  };
}

export type RateLimitsRepository = ReturnType<typeof rateLimitsRepository>;
