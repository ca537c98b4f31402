import { verifyEkycResponse } from '../../adapters/aadhaar/aadhaar-adapter.js';
import { openAadhaar } from '../../crypto/aadhaar-vault.js';
import { AppError, isAppError } from '../../lib/errors.js';
import type { PinRecoveryRow } from '../../repositories/pin-recoveries.repository.js';
import type { ResidentRow } from '../../repositories/residents.repository.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import { answerChallenge, openExternalChallenge, resendChallenge, type ChallengeView } from './challenges.js';
import { openRecovery, RECOVERY_WAIT_MS, RECOVERY_WAIT_VALID_MS } from './pin-recovery-ticket.js';
import { enforceLimit, formatWait, LIMITS } from './rate-limit.js';
import { smsTexts, smsTime } from './sms-texts.js';

async function recoveryResident(deps: DomainDeps, recovery: PinRecoveryRow): Promise<ResidentRow & { mobile: string }> {
  const r = await deps.repos.residents.findById(recovery.resident_id);
  if (!r || r.status !== 'active' || !r.mobile)
    throw new AppError('ticket_invalid', 'This PIN reset can no longer be completed. Start again with your mobile number.');
  return r as ResidentRow & { mobile: string };
}

async function linkedAadhaarNumber(deps: DomainDeps, r: ResidentRow): Promise<string> {
  const entry = r.aadhaar_ref ? await deps.repos.vault.findByRef(r.aadhaar_ref) : undefined;
  if (!entry) throw new AppError('aadhaar_not_linked', 'This account has no Aadhaar linked; use your password or the waiting period.');
  return openAadhaar(deps.masterKey, entry.ciphertext, entry.ref);
}

const notThisWay = () => new AppError('forbidden', 'This account cannot be recovered that way: use the way offered.');

/** Second factor, Aadhaar: UIDAI sends an OTP to the mobile registered with the linked Aadhaar. */
export async function startRecoveryAadhaarOtp(deps: DomainDeps, input: { recoveryTicket: string }): Promise<ChallengeView> {
  const recovery = await openRecovery(deps, input.recoveryTicket);
  const r = await recoveryResident(deps, recovery);
  await enforceLimit(deps, `aadhaar:recover:${r.id}`, LIMITS.aadhaarLinkPerResident);
  const number = await linkedAadhaarNumber(deps, r);
  const { txnId, maskedMobile } = await deps.aadhaar.requestOtp(number);
  return openExternalChallenge(deps, {
    id: deps.ids.token(16),
    purpose: 'pin_recovery_aadhaar',
    residentId: r.id,
    maskedMobile,
    context: { txnId, recoveryId: recovery.id },
  });
}

export async function resendRecoveryAadhaarOtp(deps: DomainDeps, challengeId: string, ip: string): Promise<{ resendAfterSeconds: number }> {
  return resendChallenge(
    deps,
    {
      challengeId,
      ip,
      resendExternal: async (row) => {
        const r = row.resident_id ? await deps.repos.residents.findById(row.resident_id) : undefined;
        if (!r) throw new AppError('challenge_not_found', 'This verification request does not exist or has ended. Start again.');
        return { txnId: (await deps.aadhaar.requestOtp(await linkedAadhaarNumber(deps, r))).txnId };
      },
    },
    () => '',
  );
}

export async function verifyRecoveryAadhaarOtp(
  deps: DomainDeps,
  input: { recoveryTicket: string; challengeId: string; otp: string },
): Promise<{ ready: true }> {
  const recovery = await openRecovery(deps, input.recoveryTicket);
  const r = await recoveryResident(deps, recovery);
  const challenge = await deps.repos.challenges.find(input.challengeId);
  // A challenge of another recovery is "not found", before any attempt is counted.
  if (!challenge || challenge.purpose !== 'pin_recovery_aadhaar' || challenge.context.recoveryId !== recovery.id) {
    throw new AppError('challenge_not_found', 'This verification request does not exist or has ended. Start again.');
  }
  const number = await linkedAadhaarNumber(deps, r);
  let signed = '';
  let txnId = '';
  await answerChallenge(deps, {
    challengeId: input.challengeId,
    purpose: 'pin_recovery_aadhaar',
    otp: input.otp,
    checkExternally: async (row, otp) => {
      txnId = String(row.context.txnId);
      try {
        signed = (await deps.aadhaar.ekyc(number, txnId, otp)).signedResponse;
        return true;
      } catch (err) {
        if (isAppError(err) && err.code === 'otp_wrong') return false;
        throw err;
      }
    },
  });
  // The signed answer must be UIDAI's, for this number and transaction.
  await verifyEkycResponse(signed, await deps.aadhaar.trustedKeys(), { aadhaarNumber: number, txnId }, deps.clock.now());
  await markFactor(deps, recovery, 'aadhaar');
  return { ready: true };
}

/** Second factor, password (accounts without Aadhaar). Wrong ones count towards the sign-in lock. */
export async function verifyRecoveryPassword(deps: DomainDeps, input: { recoveryTicket: string; password: string }): Promise<{ ready: true }> {
  const recovery = await openRecovery(deps, input.recoveryTicket);
  const r = await recoveryResident(deps, recovery);
  if (r.aadhaar_ref || !r.password_hash) throw notThisWay();
  const now = deps.clock.now();
  const key = `signin:fail:${r.mobile}`;
  const window = LIMITS.failedSecretPerLogin;
  if ((await deps.repos.rateLimits.peek(key, window.windowMs, now)) >= window.max) {
    throw new AppError('account_locked', `Too many wrong attempts. Try again in ${formatWait(window.windowMs / 1000)}.`, {
      retryAfterSeconds: window.windowMs / 1000,
    });
  }
  if (!(await deps.secrets.verify(input.password, r.password_hash))) {
    const { count } = await deps.repos.rateLimits.hit(key, window.windowMs, now);
    throw new AppError('invalid_credentials', 'That password is not right.', {
      attemptsLeft: Math.max(0, window.max - count),
      errors: [{ path: '/body/password', message: 'is not right' }],
    });
  }
  await markFactor(deps, recovery, 'password');
  return { ready: true };
}

/**
 * Second factor, time (accounts without Aadhaar): the mobile is told at once, and the PIN can
 * be set only after the waiting period, from a new mobile OTP. Signing in meanwhile cancels it.
 */
export async function startRecoveryWait(deps: DomainDeps, input: { recoveryTicket: string }, ctx: RequestContext): Promise<{ readyAt: string }> {
  const recovery = await openRecovery(deps, input.recoveryTicket);
  const r = await recoveryResident(deps, recovery);
  if (r.aadhaar_ref) throw notThisWay();
  const now = deps.clock.now();
  const readyAt = now + RECOVERY_WAIT_MS;
  if (!(await deps.repos.pinRecoveries.updateOpen(recovery.id, { method: 'wait', ready_at: readyAt, expires_at: readyAt + RECOVERY_WAIT_VALID_MS }, now))) {
    throw new AppError('ticket_invalid', 'This PIN reset can no longer be completed. Start again with your mobile number.');
  }
  await deps.sms.send(r.mobile, smsTexts(r.language).pinRecoveryWaiting(smsTime(readyAt, r.language)));
  await recordActivity(deps, r.id, 'pin_recovery_waiting', ctx, { readyAt: new Date(readyAt).toISOString() });
  return { readyAt: new Date(readyAt).toISOString() };
}

async function markFactor(deps: DomainDeps, recovery: PinRecoveryRow, method: 'aadhaar' | 'password'): Promise<void> {
  const now = deps.clock.now();
  if (!(await deps.repos.pinRecoveries.updateOpen(recovery.id, { method, factor_at: now }, now))) {
    throw new AppError('ticket_invalid', 'This PIN reset can no longer be completed. Start again with your mobile number.');
  }
}
