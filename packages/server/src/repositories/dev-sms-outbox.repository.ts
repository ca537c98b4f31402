import type { Kysely, Selectable } from 'kysely';
import type { Database, DevSmsOutboxTable } from '../db/schema.js';

export type OutboxRow = Selectable<DevSmsOutboxTable>;

/** The development SMS stand-in's storage. Never used when a real gateway is configured. */
export function devSmsOutboxRepository(db: Kysely<Database>) {
  return {
    async insert(row: OutboxRow): Promise<void> {
      await db.insertInto('dev_sms_outbox').values(row).execute();
    },
    async list(options: { to?: string; limit: number }): Promise<OutboxRow[]> {
      let q = db.selectFrom('dev_sms_outbox').selectAll();
      if (options.to) q = q.where('to_mobile', '=', options.to);
      return q.orderBy('id', 'desc').limit(options.limit).execute();
    },
  };
}
