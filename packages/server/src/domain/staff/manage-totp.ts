import { AppError } from '../../lib/errors.js';
import type { StaffRow } from '../../repositories/staff.repository.js';
import { recordAudit } from '../audit/audit-log.js';
import type { DomainDeps } from '../context.js';
import { checkSecondFactor, newRecoveryCodes, staffActor, type SecondFactorInput } from './second-factor.js';

export interface TotpStatus {
  enrolled: boolean;
  /** Operators must have a second factor; issuer staff choose. */
  required: boolean;
  recoveryCodesLeft: number;
}

export async function totpStatus(deps: DomainDeps, user: StaffRow): Promise<TotpStatus> {
  const enrolled = await deps.repos.staffTotp.isConfirmed(user.id);
  const recoveryCodesLeft = enrolled ? (await deps.repos.staffTotp.unusedRecoveryCodes(user.id)).length : 0;
  return { enrolled, required: user.role === 'operator', recoveryCodesLeft };
}

/**
 * Turns the second factor off, proven with a code or a recovery code. The user's other console
 * sessions end. An operator's current session then opens only the set-up of a new one. The
 * change, the spent code and the audit entry commit together or not at all.
 */
export async function disableTotp(deps: DomainDeps, user: StaffRow, sessionId: string, input: SecondFactorInput, ip: string): Promise<void> {
  await checkSecondFactor(deps, user, input, ip, async (tx) => {
    await tx.repos.staffTotp.remove(user.id);
    await tx.repos.staff.endOtherSessions(user.id, sessionId, deps.clock.now());
    await recordAudit(tx, staffActor(user), 'staff.totp_disabled', { issuerId: user.issuer_id, target: user.username, details: { ip } });
  });
}

/** New recovery codes for lost or used-up ones, proven with a code; the old ones stop working (with the audit entry, atomically). */
export async function renewStaffRecoveryCodes(deps: DomainDeps, user: StaffRow, input: SecondFactorInput, ip: string): Promise<{ recoveryCodes: string[] }> {
  if (!(await deps.repos.staffTotp.isConfirmed(user.id))) throw new AppError('totp_not_enrolled', 'Set up a second factor first.');
  const fresh = await newRecoveryCodes(deps, user.id);
  return checkSecondFactor(deps, user, input, ip, async (tx) => {
    await tx.repos.staffTotp.replaceRecoveryCodes(user.id, fresh.rows);
    await recordAudit(tx, staffActor(user), 'staff.recovery_codes_renewed', { issuerId: user.issuer_id, target: user.username, details: { ip } });
    return { recoveryCodes: fresh.codes };
  });
}
