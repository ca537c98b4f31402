import { sha256Hex } from '../../crypto/secrets.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import type { AuditRow, StoredAuditRow } from '../../repositories/audit-log.repository.js';
import type { DomainDeps } from '../context.js';
import { actorRef, assertOperator, type AuditActor, type DirectoryActor } from '../actors.js';
import { nameAuditEntries, type Named } from './audit-names.js';

export const AUDIT_GENESIS = '0'.repeat(64);

export type AuditAction =
  | 'documents.issued'
  | 'document.updated'
  | 'document.status_changed'
  | 'documents.searched'
  | 'bulk_job.created'
  | 'signing_key.rotated'
  | 'credential.created'
  | 'credential.revoked'
  | 'credential.legacy_changed'
  | 'staff.sign_in_failed'
  | 'staff.totp_enrolled'
  | 'staff.totp_disabled'
  | 'staff.recovery_codes_renewed'
  | 'staff.recovery_code_used';

/** Length-prefixed fields, so no two different entries serialise alike; each covers the one before. */
export function auditHash(
  e: Pick<StoredAuditRow, 'seq' | 'at' | 'actor_kind' | 'actor_id' | 'issuer_id' | 'action' | 'target' | 'details' | 'prev_hash'>,
): string {
  const fields = [
    'tijori-audit-v1',
    String(e.seq),
    String(e.at),
    e.actor_kind,
    e.actor_id,
    e.issuer_id ?? '',
    e.action,
    e.target ?? '',
    e.details,
    e.prev_hash,
  ];
  return sha256Hex(fields.map((f) => `${Buffer.byteLength(f)}:${f}`).join('|'));
}

/**
 * Appends one entry to the platform's audit log: who (staff user, API key, DigiLocker client,
 * or Tijori itself: "system:pull", "system:bulk:<job id>"), what, on which issuer and object.
 * One chain for the platform; concurrent writers race for the next seq (the primary key) and
 * the losers retry, so the chain never forks.
 */
export async function recordAudit(
  deps: Pick<DomainDeps, 'clock' | 'ids' | 'repos'>,
  actor: AuditActor,
  action: AuditAction,
  input: { issuerId?: string | null; target?: string | null; details?: Record<string, unknown> } = {},
): Promise<void> {
  const who = actor.kind === 'anonymous' ? { kind: 'anonymous', id: '-' } : actorRef(actor);
  const details = JSON.stringify(input.details ?? {});
  for (let attempt = 0; ; attempt++) {
    const head = await deps.repos.auditLog.head();
    const row = {
      seq: (head ? Number(head.seq) : 0) + 1,
      at: deps.clock.now(),
      actor_kind: who.kind,
      actor_id: who.id,
      issuer_id: input.issuerId ?? null,
      action,
      target: input.target ?? null,
      details,
      prev_hash: head?.hash ?? AUDIT_GENESIS,
    };
    try {
      await deps.repos.auditLog.insert({ ...row, id: deps.ids.uuidv7(), hash: auditHash(row) });
      return;
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 50) throw err;
    }
  }
}

export interface AuditEntryView {
  seq: number;
  at: string;
  actor: { kind: string; id: string };
  issuerId: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  hash: string;
}

const view = (r: AuditRow): AuditEntryView => ({
  seq: Number(r.seq),
  at: new Date(Number(r.at)).toISOString(),
  actor: { kind: r.actor_kind, id: r.actor_id },
  issuerId: r.issuer_id,
  action: r.action,
  target: r.target,
  details: r.details,
  hash: r.hash,
});

/** Operators read the log oldest first, a page at a time. */
export async function listAudit(deps: DomainDeps, actor: DirectoryActor, afterSeq: number, limit: number): Promise<{ entries: Named<AuditEntryView>[] }> {
  assertOperator(actor);
  return { entries: await nameAuditEntries(deps, (await deps.repos.auditLog.page(afterSeq, limit)).map(view)) };
}

/** Recomputes the whole chain: the first entry whose position, link or hash is wrong, or valid. */
export async function verifyAudit(deps: DomainDeps, actor: DirectoryActor): Promise<{ valid: boolean; count: number; brokenAt: number | null; head: string }> {
  assertOperator(actor);
  let prev = AUDIT_GENESIS;
  let expected = 1;
  for (let after = 0; ; ) {
    const rows = await deps.repos.auditLog.pageAsStored(after, 1000);
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expected || r.prev_hash !== prev || auditHash({ ...r, seq, at: Number(r.at) }) !== r.hash)
        return { valid: false, count: expected - 1, brokenAt: expected, head: prev };
      prev = r.hash;
      expected++;
    }
    if (rows.length < 1000) return { valid: true, count: expected - 1, brokenAt: null, head: prev };
    after = Number(rows.at(-1)!.seq);
  }
}
