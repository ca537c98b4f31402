import { createHash } from 'node:crypto';
import type { AuditLogTable } from '../db/schema.js';

export const AUDIT_GENESIS = '0'.repeat(64);

/** An entry before it has a place in the chain: the caller's part. */
export type AuditDraft = Pick<AuditLogTable, 'id' | 'at' | 'actor_kind' | 'actor_id' | 'issuer_id' | 'action' | 'target' | 'details'>;

/** Length-prefixed fields, so no two different entries serialise alike; each covers the one before. */
export function auditHash(
  e: Pick<AuditLogTable, 'seq' | 'at' | 'actor_kind' | 'actor_id' | 'issuer_id' | 'action' | 'target' | 'details' | 'prev_hash'>,
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
  return createHash('sha256')
    .update(fields.map((f) => `${Buffer.byteLength(f)}:${f}`).join('|'))
    .digest('hex');
}

/** The entry placed after `head` (the newest entry, none for the first). */
export function chainAfter(head: { seq: number | string; hash: string } | undefined, draft: AuditDraft): AuditLogTable {
  const placed = { ...draft, seq: (head ? Number(head.seq) : 0) + 1, prev_hash: head?.hash ?? AUDIT_GENESIS };
  return { ...placed, hash: auditHash(placed) };
}

/**
 * The entry of an issuance batch: the URIs actually stored (a concurrent push may have taken
 * some), the first 20 named. Built where the documents are inserted, in their transaction.
 */
export function issuanceDraft(draft: Omit<AuditDraft, 'target' | 'details'>, uris: string[]): AuditDraft {
  return { ...draft, target: uris.length === 1 ? uris[0]! : null, details: JSON.stringify({ count: uris.length, uris: uris.slice(0, 20) }) };
}
