import { isUniqueViolation } from '../../db/db-errors.js';
import { oneAtATime } from '../../lib/one-at-a-time.js';
import type { DomainDeps, Repositories, RequestContext } from '../context.js';
import { eventHash, GENESIS_HASH } from './hash-chain.js';

export type ActivityType =
  | 'signed_up'
  | 'signed_in'
  | 'sign_in_failed'
  | 'aadhaar_linked'
  | 'pin_changed'
  | 'mobile_changed'
  | 'session_ended'
  | 'signed_out_everywhere'
  | 'account_deleted'
  | 'document_issued'
  | 'document_updated'
  | 'document_status_changed'
  | 'documents_received'
  | 'share_created'
  | 'share_opened'
  | 'share_refused'
  | 'share_revoked'
  | 'share_extended'
  | 'file_uploaded'
  | 'file_refused'
  | 'file_downloaded'
  | 'file_renamed'
  | 'file_moved'
  | 'file_binned'
  | 'file_restored'
  | 'file_purged'
  | 'document_esigned'
  | 'consent_granted'
  | 'consent_withdrawn'
  | 'requester_accessed'
  | 'pin_recovery_started'
  | 'pin_recovery_waiting'
  | 'pin_reset';

/**
 * Appends one event to the resident's hash chain. Concurrent writers race for the next
 * position; the unique (resident, seq) constraint lets exactly one win and the others read the
 * new head and retry, so the chain never forks.
 */
export async function recordActivity(
  deps: Pick<DomainDeps, 'clock' | 'ids'> & { repos: Pick<Repositories, 'activity'> },
  residentId: string,
  type: ActivityType,
  context: RequestContext | null,
  details: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  const text = JSON.stringify({ ...(context ? { ip: context.ip, device: context.device } : {}), ...details });
  for (let attempt = 0; ; attempt++) {
    const head = await deps.repos.activity.head(residentId);
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const at = deps.clock.now();
    const hash = eventHash({ residentId, seq, at, type, details: text, prevHash });
    // Losing the race is not an error (an error would end a PostgreSQL transaction the caller
    // may be in): read the new head and try the next position.
    if (await deps.repos.activity.tryAppend({ id: deps.ids.uuidv7(), resident_id: residentId, seq, at, type, details: text, prev_hash: prevHash, hash }))
      return;
    if (attempt >= 20) throw new Error(`activity chain of a resident: no free position after ${attempt + 1} attempts`);
  }
}

/**
 * Runs `write`, which appends to the resident's activity chain, in one transaction. Writes to one
 * resident's chain can arrive all at once. On PostgreSQL they append in turn in this process
 * (instead of racing and retrying); a race with another process is retried by recordActivity,
 * and again here, the whole transaction, for a long burst. On SQLite transactions never overlap,
 * so they go straight to the database: held in turn here, each waited for the flush of the one
 * before it (a share link opened by 200 people at once made the last wait for 200 flushes),
 * where now they share flushes.
 */
export function inChainTransaction<T>(deps: DomainDeps, residentId: string, write: (repos: Repositories) => Promise<T>): Promise<T> {
  const inTurn = (task: () => Promise<T>) => (deps.oneWriterAtATime ? task() : oneAtATime(`activity:${residentId}`, task));
  return inTurn(async () => {
    for (let round = 0; ; round++) {
      try {
        return await deps.transaction(write);
      } catch (err) {
        if (round >= 5) throw err;
      }
    }
  });
}

export interface ActivityEntry {
  residentId: string;
  type: ActivityType;
  details: Record<string, string | number | boolean | null>;
}

/**
 * Appends many events at once (bulk issuance): one query for the chain heads, one insert.
 * If another writer raced us for a position, falls back to appending one by one.
 */
export async function recordActivities(
  deps: Pick<DomainDeps, 'clock' | 'ids'> & { repos: Pick<Repositories, 'activity'> },
  entries: ActivityEntry[],
): Promise<void> {
  // One INSERT statement per chunk, so a chunk lands whole or not at all.
  for (let i = 0; i < entries.length; i += 1000) await appendChunk(deps, entries.slice(i, i + 1000));
}

async function appendChunk(deps: Pick<DomainDeps, 'clock' | 'ids'> & { repos: Pick<Repositories, 'activity'> }, entries: ActivityEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const heads = await deps.repos.activity.heads([...new Set(entries.map((e) => e.residentId))]);
  const at = deps.clock.now();
  const rows = entries.map((e) => {
    const head = heads.get(e.residentId);
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const details = JSON.stringify(e.details);
    const hash = eventHash({ residentId: e.residentId, seq, at, type: e.type, details, prevHash });
    heads.set(e.residentId, { seq, hash });
    // Time-ordered ids: a bulk job's events go to the end of the primary key's index, not to
    // 2,000 random pages of it.
    return { id: deps.ids.uuidv7(), resident_id: e.residentId, seq, at, type: e.type, details, prev_hash: prevHash, hash };
  });
  try {
    await deps.repos.activity.insert(rows);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    for (const e of entries) await recordActivity(deps, e.residentId, e.type, null, e.details);
  }
}
