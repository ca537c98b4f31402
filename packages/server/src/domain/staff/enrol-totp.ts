import { base32Encode, matchTotp, otpauthUri, TOTP_SECRET_BYTES } from '../../crypto/totp.js';
import { AppError } from '../../lib/errors.js';
import type { StaffRow } from '../../repositories/staff.repository.js';
import { recordAudit } from '../audit/audit-log.js';
import { accountLocked, decideGuess, isLocked, type GuessOutcome } from '../auth/rate-limit.js';
import type { DomainDeps } from '../context.js';
import { newRecoveryCodes, openTotpSecret, sealTotpSecret, staffActor, staffFailKey } from './second-factor.js';

/** The name authenticator apps list the account under. */
export const TOTP_ISSUER = 'Tijori console';

/**
 * Starts setting up the authenticator app: a fresh secret, sealed in the database and shown
 * this once (as text and as the otpauth:// URI a QR code carries). Starting again replaces a
 * secret that was never confirmed; a confirmed one stays until it is turned off.
 */
export async function startTotpEnrolment(deps: DomainDeps, user: StaffRow): Promise<{ secret: string; otpauthUri: string }> {
  const secret = deps.random.bytes(TOTP_SECRET_BYTES);
  const stored = await deps.repos.staffTotp.putPending({
    staff_id: user.id,
    secret_sealed: sealTotpSecret(deps.masterKey, user.id, secret),
    confirmed_at: null,
    last_step: null,
    created_at: deps.clock.now(),
  });
  if (!stored) throw new AppError('totp_already_enrolled', 'A second factor is set up already. Turn it off first to set up another.');
  return { secret: base32Encode(secret), otpauthUri: otpauthUri({ issuer: TOTP_ISSUER, account: user.username, secret }) };
}

/**
 * Finishes the set-up with the app's first code (a wrong one counts against the console's
 * lockout like a wrong password), and answers the recovery codes, shown this once. The count,
 * the confirmation, the recovery codes and the audit entry commit in one transaction.
 */
export async function confirmTotpEnrolment(deps: DomainDeps, user: StaffRow, code: string): Promise<{ recoveryCodes: string[] }> {
  const failKey = staffFailKey(user.username);
  if (await isLocked(deps, failKey)) throw accountLocked();
  const pending = await deps.repos.staffTotp.find(user.id);
  if (!pending) throw new AppError('totp_not_enrolled', 'Start the set-up first: scan the QR code, then enter the code.');
  if (pending.confirmed_at !== null) throw new AppError('totp_already_enrolled', 'A second factor is set up already.');
  const now = deps.clock.now();
  const step = matchTotp(openTotpSecret(deps.masterKey, user.id, pending.secret_sealed), code, now);
  // The recovery codes' scrypt runs for a right code only, and before the transaction.
  const fresh = step === undefined ? undefined : await newRecoveryCodes(deps, user.id);
  return decideGuess(deps, failKey, async (tx, counted): Promise<GuessOutcome<{ recoveryCodes: string[] }>> => {
    if (!counted) return { refuse: accountLocked() };
    // The code was checked against this secret: a set-up started again meanwhile has another.
    const current = await tx.repos.staffTotp.find(user.id);
    if (step === undefined || !fresh || !current || !Buffer.from(current.secret_sealed).equals(Buffer.from(pending.secret_sealed)))
      return { refuse: new AppError('totp_wrong', 'That code is not right. Check the app shows "Tijori console" and enter its code now.') };
    if (!(await tx.repos.staffTotp.useStep(user.id, step, now))) return { refuse: new AppError('totp_already_enrolled', 'A second factor is set up already.') };
    await tx.repos.rateLimits.reset(failKey);
    await tx.repos.staffTotp.replaceRecoveryCodes(user.id, fresh.rows);
    await recordAudit(tx, staffActor(user), 'staff.totp_enrolled', { issuerId: user.issuer_id, target: user.username });
    return { ok: { recoveryCodes: fresh.codes } };
  });
}
