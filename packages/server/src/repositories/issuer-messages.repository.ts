import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/db-errors.js';
import type { Database } from '../db/schema.js';

/** The txn values each DigiLocker client has used lately (replay protection, shared by every process). */
export function issuerMessagesRepository(db: Kysely<Database>) {
  return {
    /** Records a txn; false when this client already used it (the primary key decides, in any process). */
    async claimTxn(credentialId: string, txn: string, now: number): Promise<boolean> {
      try {
        await db.insertInto('issuer_message_txns').values({ credential_id: credentialId, txn, received_at: now }).execute();
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },
    /** Forgets txns older than `before` (their messages' ts is stale by then, so they cannot be replayed). */
    async pruneTxns(before: number): Promise<void> {
      await db.deleteFrom('issuer_message_txns').where('received_at', '<', before).execute();
    },
  };
}

export type IssuerMessagesRepository = ReturnType<typeof issuerMessagesRepository>;
