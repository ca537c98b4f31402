import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ids } from '../../lib/ids.js';
import type { Clock } from '../../lib/clock.js';
import { devSmsOutboxRepository } from '../../repositories/dev-sms-outbox.repository.js';
import type { SmsSender } from './sms-sender.js';

/**
 * DEVELOPMENT STAND-IN for an SMS gateway: messages are kept in the database and shown on
 * the developer outbox (/dev/outbox, GET /api/v1/dev/sms-outbox). Never used in production
 * unless TIJORI_ALLOW_DEV_ADAPTERS=true.
 */
export function createDevOutboxSmsSender(db: Kysely<Database>, clock: Clock): SmsSender {
  const outbox = devSmsOutboxRepository(db);
  return {
    kind: 'outbox',
    async send(to, message) {
      await outbox.insert({ id: ids.uuidv7(), to_mobile: to, body: message, sent_at: clock.now() });
    },
  };
}
