import type { ConsentAccess } from '@tijori/texts';
import { inChainTransaction, recordActivities, recordActivity } from '../activity/record-activity.js';
import type { DomainDeps } from '../context.js';
import { storeNotices, type Notice } from '../notifications/notify.js';

/** One requester access: the consent's counters, the resident's activity event and inbox notice. */
export interface AccessRecord {
  consentId: string;
  residentId: string;
  details: { consentId: string; clientId: string; what: ConsentAccess; uri?: string };
  notice: Notice;
}

type Waiting = { record: AccessRecord; done: () => void; failed: (err: unknown) => void };

/** Records waiting for the transaction under way, per database. */
const queues = new WeakMap<object, { waiting: Waiting[]; writing: boolean }>();

/** At most this many records share a transaction. */
const BATCH = 100;

/**
 * Writes an access record; resolves once it is committed and flushed. On a database that runs one
 * write transaction at a time (SQLite), records of requests that arrive while a transaction is
 * being written share the next one: under load the consents' counters, activity events and
 * inbox notices of many requests commit together, one BEGIN, one flush. One record alone costs
 * what it did before. Elsewhere (PostgreSQL, where chains are appended in turn per resident and
 * a race with another process is retried) each record has its own transaction.
 */
export function writeAccessRecord(deps: DomainDeps, record: AccessRecord): Promise<void> {
  if (!deps.oneWriterAtATime) return inChainTransaction(deps, record.residentId, (repos) => writeRecords({ ...deps, repos }, [record]));
  let queue = queues.get(deps.db);
  if (!queue) queues.set(deps.db, (queue = { waiting: [], writing: false }));
  const q = queue;
  return new Promise<void>((done, failed) => {
    q.waiting.push({ record, done, failed });
    if (!q.writing) void drain(deps, q);
  });
}

async function drain(deps: DomainDeps, queue: { waiting: Waiting[]; writing: boolean }): Promise<void> {
  queue.writing = true;
  try {
    while (queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, BATCH);
      try {
        await deps.transaction((repos) =>
          writeRecords(
            { ...deps, repos },
            batch.map((w) => w.record),
          ),
        );
        for (const w of batch) w.done();
      } catch {
        // Something in the batch failed: each record on its own, so one cannot fail the others.
        for (const w of batch) {
          await deps.transaction((repos) => writeRecords({ ...deps, repos }, [w.record])).then(w.done, w.failed);
        }
      }
    }
  } finally {
    queue.writing = false;
  }
}

async function writeRecords(deps: Pick<DomainDeps, 'clock' | 'ids' | 'repos'>, records: AccessRecord[]): Promise<void> {
  const now = deps.clock.now();
  const uses = new Map<string, number>();
  for (const r of records) uses.set(r.consentId, (uses.get(r.consentId) ?? 0) + 1);
  for (const [consentId, times] of uses) await deps.repos.consents.recordUse(consentId, now, times);
  if (records.length === 1) await recordActivity(deps, records[0]!.residentId, 'requester_accessed', null, records[0]!.details);
  else
    await recordActivities(
      deps,
      records.map((r) => ({ residentId: r.residentId, type: 'requester_accessed' as const, details: r.details })),
    );
  await storeNotices(
    deps,
    records.map((r) => r.notice),
  );
}
