import { isAppError } from '../../lib/errors.js';
import type { RequesterRow } from '../../repositories/requesters.repository.js';
import { recordAudit, type AuditAction } from '../audit/audit-log.js';
import type { DomainDeps } from '../context.js';

/**
 * Runs one of a requester's meta calls and writes it to the operators' audit log, answered or
 * refused: who (the requester), what, and the outcome (`outcome(result)`, or the error's code).
 * `details` must never carry what the call was about in clear (an Aadhaar or mobile number).
 */
export async function auditRequesterCall<T>(
  deps: DomainDeps,
  requester: RequesterRow,
  action: AuditAction,
  details: Record<string, unknown>,
  run: () => Promise<T>,
  outcome: (result: T) => { outcome: string; target?: string },
): Promise<T> {
  const actor = { kind: 'requester_client' as const, requesterId: requester.id, clientId: requester.client_id };
  let result: T;
  try {
    result = await run();
  } catch (err) {
    await recordAudit(deps, actor, action, { details: { ...details, outcome: isAppError(err) ? err.code : 'unexpected_error' } });
    throw err;
  }
  const o = outcome(result);
  await recordAudit(deps, actor, action, { target: o.target ?? null, details: { ...details, outcome: o.outcome } });
  return result;
}
