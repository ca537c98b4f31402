import { AUDIT_GENESIS, auditHash, type AuditDraft } from '../../repositories/audit-chain.js';
import type { AuditRow } from '../../repositories/audit-log.repository.js';
import type { DomainDeps, Repositories } from '../context.js';
import { actorRef, assertOperator, type AuditActor, type DirectoryActor } from '../actors.js';
import { nameAuditEntries, type Named } from './audit-names.js';

/**
 * Every action the audit log records: the one list the API's description, the console's labels
 * (a test checks each has one in every language) and the docs are checked against.
 */
export const AUDIT_ACTIONS = [
  'documents.issued',
  'document.updated',
  /** A Push URI accepted before its content: "content awaited from the issuer", and its withdrawal. */
  'document.awaited',
  'document.awaited_withdrawn',
  'document.status_changed',
  /** A chunk of a bulk status job: many documents revoked or suspended in one transaction. */
  'documents.status_changed',
  'documents.searched',
  'bulk_job.created',
  /** An issuer's first signing key, made when an operator registers it. */
  'signing_key.created',
  'signing_key.rotated',
  'credential.created',
  'credential.revoked',
  'credential.legacy_changed',
  /** The directory: an issuer registered, changed, suspended or reinstated; its document types and hosted records. */
  'issuer.registered',
  'issuer.updated',
  'issuer.suspended',
  'issuer.reinstated',
  'document_type.created',
  'hosted_records.uploaded',
  /** Console accounts: made from the server's command line, and their second factor. */
  'staff.created',
  'staff.sign_in_failed',
  'staff.totp_enrolled',
  'staff.totp_disabled',
  'staff.recovery_codes_renewed',
  'staff.recovery_code_used',
  /** The operator's requester directory. */
  'requester.registered',
  'requester.suspended',
  'requester.resumed',
  'requester.secret_rotated',
  'requester.mobile_trust_changed',
  'requester.logo_set',
  'requester.logo_removed',
  /** A requester's meta calls (`account/2/verify`, sign-up by demographic authentication). */
  'requester.account_verify',
  'requester.signup_demoauth',
  'requester.signup_verify',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Why a console sign-in failed (`staff.sign_in_failed`'s `reason`); the console names each. */
export const SIGN_IN_FAILURE_REASONS = [
  'unknown_user',
  'password_wrong',
  'account_inactive',
  'locked',
  'totp_wrong',
  'totp_used',
  'recovery_code_wrong',
] as const;
export type SignInFailureReason = (typeof SIGN_IN_FAILURE_REASONS)[number];

type AuditInput = { issuerId?: string | null; target?: string | null; details?: Record<string, unknown> };

/** Who did what, on which issuer and object, ready to take its place in the chain. */
export function auditDraft(deps: Pick<DomainDeps, 'clock' | 'ids'>, actor: AuditActor, action: AuditAction, input: AuditInput = {}): AuditDraft {
  const who =
    actor.kind === 'anonymous'
      ? { kind: 'anonymous', id: '-' }
      : actor.kind === 'requester_client'
        ? { kind: 'requester', id: actor.requesterId }
        : actor.kind === 'host'
          ? { kind: 'system', id: `cli:${actor.command}` }
          : actorRef(actor);
  return {
    id: deps.ids.uuidv7(),
    at: deps.clock.now(),
    actor_kind: who.kind,
    actor_id: who.id,
    issuer_id: input.issuerId ?? null,
    action,
    target: input.target ?? null,
    details: JSON.stringify(input.details ?? {}),
  };
}

/**
 * Appends one entry to the platform's audit log: who (staff user, API key, DigiLocker client,
 * or Tijori itself: "system:pull", "system:bulk:<job id>"), what, on which issuer and object.
 * Pass the repositories of the action's transaction, as its last write: the entry commits with
 * the action or not at all. One chain for the platform; concurrent writers wait for the
 * position they raced for and take the next, so the chain never forks.
 */
export async function recordAudit(
  deps: Pick<DomainDeps, 'clock' | 'ids'> & { repos: Pick<Repositories, 'auditLog'> },
  actor: AuditActor,
  action: AuditAction,
  input: AuditInput = {},
): Promise<void> {
  await deps.repos.auditLog.append(auditDraft(deps, actor, action, input));
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
