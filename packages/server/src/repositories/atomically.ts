import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Runs `fn` in a transaction: its own, or the caller's when the repository was made inside one
 * (Kysely refuses to nest them), so a use-case can join a repository's steps to its own writes.
 */
export function atomically<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);
}
