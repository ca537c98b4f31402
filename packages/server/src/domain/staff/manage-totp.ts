import { AppError } from '../../lib/errors.js';
import type { StaffRow } from '../../repositories/staff.repository.js';
import { recordAudit } from '../audit/audit-log.js';
import type { DomainDeps } from '../context.js';
import { checkSecondFactor, renewRecoveryCodes, staffActor, type SecondFactorInput } from './second-factor.js';

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
 * sessions end. An operator's current session then opens only the set-up of a new one.
 */
export async function disableTotp(deps: DomainDeps, user: StaffRow, sessionId: string, input: SecondFactorInput, ip: string): Promise<void> {
  await checkSecondFactor(deps, user, input, ip);
  await deps.repos.staffTotp.remove(user.id);
  await deps.repos.staff.endOtherSessions(user.id, sessionId, deps.clock.now());
  await recordAudit(deps, staffActor(user), 'staff.totp_disabled', { issuerId: user.issuer_id, target: user.username, details: { ip } });
}

/** New recovery codes for lost or used-up ones, proven with a code; the old ones stop working. */
export async function renewStaffRecoveryCodes(deps: DomainDeps, user: StaffRow, input: SecondFactorInput, ip: string): Promise<{ recoveryCodes: string[] }> {
  if (!(await deps.repos.staffTotp.isConfirmed(user.id))) throw new AppError('totp_not_enrolled', 'Set up a second factor first.');
  await checkSecondFactor(deps, user, input, ip);
  const recoveryCodes = await renewRecoveryCodes(deps, user.id);
  await recordAudit(deps, staffActor(user), 'staff.recovery_codes_renewed', { issuerId: user.issuer_id, target: user.username, details: { ip } });
  return { recoveryCodes };
}
