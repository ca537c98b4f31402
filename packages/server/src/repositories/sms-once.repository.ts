import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

const BATCH = 500;

/** Keys of text messages that go out at most once; the primary key decides between processes. */
export function smsOnceRepository(db: Kysely<Database>) {
  return {
    /** Claims the keys nobody has claimed yet and answers those (the caller sends for them alone). */
    async claim(keys: string[], now: number): Promise<Set<string>> {
      const claimed = new Set<string>();
      const unique = [...new Set(keys)];
      for (let i = 0; i < unique.length; i += BATCH) {
        const rows = await db
          .insertInto('sms_once')
          .values(unique.slice(i, i + BATCH).map((key) => ({ key, sent_at: now })))
          .onConflict((oc) => oc.column('key').doNothing())
          .returning('key')
          .execute();
        for (const r of rows) claimed.add(r.key);
      }
      return claimed;
    },

    /** Gives a key back when its message could not be sent, so a later occasion tries again. */
    async release(key: string): Promise<void> {
      await db.deleteFrom('sms_once').where('key', '=', key).execute();
    },
  };
}
