import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import { answerChallenge, openSmsChallenge, type ChallengeView } from './challenges.js';
import { newTicket, RECOVERY_TICKET_TTL_MS, RECOVERY_WAIT_MS } from './pin-recovery-ticket.js';
import { enforceLimit } from './rate-limit.js';
import { smsTexts } from './sms-texts.js';

export type SecondFactor = 'aadhaar' | 'password' | 'wait';

export interface RecoveryStarted {
  recoveryTicket: string;
  /** The ways the resident may prove it is them; empty when a waiting period has already run out. */
  secondFactors: SecondFactor[];
  /** True when a new PIN can be set at once. */
  ready: boolean;
  waitHours: number;
}

/**
 * Forgot PIN, step 1. Answers alike whether or not the number has an account; a number
 * without one is told so by SMS instead of getting a code (as at sign-up). Sends are capped
 * per address, account and number for this purpose, as for every OTP (openSmsChallenge).
 */
export async function startPinRecovery(deps: DomainDeps, input: { mobile: string; ip: string; language?: string }): Promise<ChallengeView> {
  const resident = await deps.repos.residents.findActiveByMobile(input.mobile);
  if (!resident) {
    const sms = smsTexts(input.language);
    return openSmsChallenge(deps, {
      purpose: 'pin_recovery',
      mobile: input.mobile,
      ip: input.ip,
      message: sms.pinRecovery,
      denyWith: sms.pinRecoveryNoAccount(),
    });
  }
  const sms = smsTexts(resident.language);
  return openSmsChallenge(deps, { purpose: 'pin_recovery', mobile: input.mobile, ip: input.ip, residentId: resident.id, message: sms.pinRecovery });
}

/**
 * Step 2: the mobile OTP opens a recovery and says which second factor the account has:
 * its Aadhaar when linked (UIDAI sends an OTP to the Aadhaar mobile), otherwise its password,
 * or a waiting period announced by SMS. A waiting period that has run out counts as done.
 */
export async function verifyPinRecovery(deps: DomainDeps, input: { challengeId: string; otp: string }, ctx: RequestContext): Promise<RecoveryStarted> {
  const row = await answerChallenge(deps, { challengeId: input.challengeId, purpose: 'pin_recovery', otp: input.otp });
  const resident = row.resident_id ? await deps.repos.residents.findById(row.resident_id) : undefined;
  if (!resident || resident.status !== 'active' || resident.mobile !== row.mobile) {
    throw new AppError('challenge_not_found', 'This PIN reset can no longer be completed. Start again.');
  }
  await enforceLimit(deps, `pin-recovery:${resident.id}`, { max: 10, windowMs: 24 * 60 * 60 * 1000 });
  const now = deps.clock.now();
  const id = deps.ids.token(16);
  const { ticket, hash } = newTicket(id);
  const matured = resident.aadhaar_ref ? undefined : await deps.repos.pinRecoveries.findMaturedWait(resident.id, now);
  await deps.repos.pinRecoveries.insert({
    id,
    resident_id: resident.id,
    ticket_hash: hash,
    method: matured ? 'wait' : null,
    factor_at: matured ? now : null,
    ready_at: matured ? matured.ready_at : null,
    expires_at: now + RECOVERY_TICKET_TTL_MS,
    completed_at: null,
    cancelled_at: null,
    created_at: now,
  });
  await recordActivity(deps, resident.id, 'pin_recovery_started', ctx);
  const secondFactors: SecondFactor[] = matured ? [] : resident.aadhaar_ref ? ['aadhaar'] : resident.password_hash ? ['password', 'wait'] : ['wait'];
  return { recoveryTicket: ticket, secondFactors, ready: Boolean(matured), waitHours: RECOVERY_WAIT_MS / 3_600_000 };
}
