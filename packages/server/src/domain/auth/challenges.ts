import { equalHex } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import type { ChallengeRow } from '../../repositories/otp-challenges.repository.js';
import type { DomainDeps } from '../context.js';
import { maskMobile } from './mobile.js';
import { enforceOtpSendCaps } from './otp-send-caps.js';
import { generateOtp, OTP_RULES, otpHash, SESSION_BOUND, type ChallengePurpose } from './otp.js';
import { otpRefused, otpSent } from '../../metrics/metrics.js';

export interface ChallengeView {
  challengeId: string;
  maskedMobile: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

export interface SmsChallenge {
  /** The challenge's id when the caller needs it first (to seal something under it); fresh otherwise. */
  id?: string;
  purpose: ChallengePurpose;
  mobile: string;
  residentId?: string;
  /** The caller's address: sends are capped per address, account and destination. */
  ip: string;
  context?: Record<string, unknown>;
  /** The SMS text for a fresh code. */
  message: (code: string) => string;
  /**
   * Send this text instead of a code, and make every answer wrong: used where telling the
   * caller "no" would reveal something (a sign-up for a number that is already registered).
   */
  denyWith?: string;
}

const view = (id: string, maskedMobile: string): ChallengeView => ({
  challengeId: id,
  maskedMobile,
  expiresInSeconds: OTP_RULES.ttlMs / 1000,
  resendAfterSeconds: OTP_RULES.resendGapMs / 1000,
});

/** Creates a challenge whose OTP Tijori generates and sends by SMS. */
export async function openSmsChallenge(deps: DomainDeps, input: SmsChallenge): Promise<ChallengeView> {
  await enforceOtpSendCaps(deps, { purpose: input.purpose, mobile: input.mobile, residentId: input.residentId ?? null, ip: input.ip });
  const now = deps.clock.now();
  const id = input.id ?? deps.ids.token(16);
  const code = generateOtp();
  await deps.repos.challenges.insert({
    id,
    purpose: input.purpose,
    resident_id: input.residentId ?? null,
    mobile: input.mobile,
    code_hash: input.denyWith ? null : otpHash(deps.masterKey, id, code),
    last_sent_at: now,
    expires_at: now + OTP_RULES.ttlMs,
    context: input.context || input.denyWith ? { ...input.context, ...(input.denyWith ? { deny: input.denyWith } : {}) } : null,
    created_at: now,
  });
  await deps.sms.send(input.mobile, input.denyWith ?? input.message(code));
  otpSent.inc({ purpose: input.purpose });
  return view(id, maskMobile(input.mobile));
}

/** Creates a challenge whose OTP another party (UIDAI) sends and checks. */
export async function openExternalChallenge(
  deps: DomainDeps,
  input: { id: string; purpose: ChallengePurpose; residentId: string; maskedMobile: string; context: Record<string, unknown> },
): Promise<ChallengeView> {
  const now = deps.clock.now();
  await deps.repos.challenges.insert({
    id: input.id,
    purpose: input.purpose,
    resident_id: input.residentId,
    mobile: null,
    code_hash: null,
    last_sent_at: now,
    expires_at: now + OTP_RULES.ttlMs,
    context: { ...input.context, maskedMobile: input.maskedMobile },
    created_at: now,
  });
  otpSent.inc({ purpose: input.purpose });
  return view(input.id, input.maskedMobile);
}

export interface AnswerInput {
  challengeId: string;
  purpose: ChallengePurpose;
  otp: string;
  /** The signed-in resident, for session-bound purposes. */
  residentId?: string;
  /** For external challenges: asks the other party whether the OTP is right. */
  checkExternally?: (row: ChallengeRow, otp: string) => Promise<boolean>;
}

/**
 * Checks an OTP under the baseline's rules: bound to purpose (and owner), ≤ 5 attempts,
 * ≤ 10 minutes, single use, compared in constant time. Exactly one concurrent right answer wins.
 */
export async function answerChallenge(deps: DomainDeps, input: AnswerInput): Promise<ChallengeRow> {
  const now = deps.clock.now();
  const row = await findOwned(deps, input.challengeId, input.purpose, input.residentId);
  assertOpen(row, now);
  const attempts = await deps.repos.challenges.takeAttempt(row.id, OTP_RULES.maxAttempts, now);
  if (attempts === undefined) {
    assertOpen((await deps.repos.challenges.find(row.id)) ?? row, now);
    throw locked();
  }
  const right = input.checkExternally
    ? await input.checkExternally(row, input.otp)
    : row.code_hash !== null && equalHex(otpHash(deps.masterKey, row.id, input.otp), row.code_hash);
  if (!right) {
    if (attempts >= OTP_RULES.maxAttempts) throw locked(true);
    const attemptsLeft = OTP_RULES.maxAttempts - attempts;
    throw new AppError('otp_wrong', `That OTP is not right. ${attemptsLeft} attempt(s) left.`, {
      attemptsLeft,
      errors: [{ path: '/body/otp', message: 'is not right' }],
    });
  }
  if (!(await deps.repos.challenges.consume(row.id, now))) throw used();
  return row;
}

export async function resendChallenge(
  deps: DomainDeps,
  input: { challengeId: string; residentId?: string; ip: string; resendExternal?: (row: ChallengeRow) => Promise<Record<string, unknown>> },
  message: (row: ChallengeRow, code: string) => string,
): Promise<{ resendAfterSeconds: number }> {
  const now = deps.clock.now();
  const row = await deps.repos.challenges.find(input.challengeId);
  if (!row || (SESSION_BOUND.has(row.purpose as ChallengePurpose) && row.resident_id !== input.residentId)) throw notFound();
  assertOpen(row, now);
  const waitMs = row.last_sent_at + OTP_RULES.resendGapMs - now;
  const purpose = row.purpose as ChallengePurpose;
  if (waitMs > 0) {
    otpRefused.inc({ purpose, reason: 'too_soon' });
    throw tooSoon(Math.ceil(waitMs / 1000));
  }
  if (row.sends >= OTP_RULES.maxSends) {
    otpRefused.inc({ purpose, reason: 'max_sends' });
    throw new AppError('rate_limited', 'No more codes can be sent for this request; start again.', {
      retryAfterSeconds: Math.ceil((row.expires_at - now) / 1000),
    });
  }
  if (!input.resendExternal && row.mobile) {
    await enforceOtpSendCaps(deps, { purpose: row.purpose as ChallengePurpose, mobile: row.mobile, residentId: row.resident_id, ip: input.ip });
  }
  const context = row.context;
  let codeHash: string | null = null;
  let code: string | undefined;
  let newContext: Record<string, unknown> | undefined;
  if (input.resendExternal) {
    newContext = { ...context, ...(await input.resendExternal(row)) };
  } else if (!context.deny) {
    code = generateOtp();
    codeHash = otpHash(deps.masterKey, row.id, code);
  }
  if (
    !(await deps.repos.challenges.recordResend(
      row.id,
      { codeHash, ...(newContext ? { context: newContext } : {}) },
      { minGapMs: OTP_RULES.resendGapMs, maxSends: OTP_RULES.maxSends },
      now,
    ))
  ) {
    otpRefused.inc({ purpose, reason: 'too_soon' });
    throw tooSoon(OTP_RULES.resendGapMs / 1000);
  }
  if (!input.resendExternal && row.mobile) {
    await deps.sms.send(row.mobile, typeof context.deny === 'string' ? context.deny : message(row, code!));
  }
  otpSent.inc({ purpose });
  return { resendAfterSeconds: OTP_RULES.resendGapMs / 1000 };
}

async function findOwned(deps: DomainDeps, id: string, purpose: ChallengePurpose, residentId?: string): Promise<ChallengeRow> {
  const row = await deps.repos.challenges.find(id);
  if (!row || row.purpose !== purpose) throw notFound();
  if (SESSION_BOUND.has(purpose) && row.resident_id !== residentId) throw notFound();
  return row;
}

function assertOpen(row: ChallengeRow, now: number): void {
  if (row.consumed_at !== null) throw used();
  if (row.expires_at <= now) throw new AppError('otp_expired', 'This OTP has expired. Ask for a new one.');
  if (row.attempts >= OTP_RULES.maxAttempts) throw locked();
}

const notFound = () => new AppError('challenge_not_found', 'This verification request does not exist or has ended. Start again.');
const used = () => new AppError('otp_used', 'This OTP has already been used.');
/** `lockedNow` marks the attempt that used up the last try (worth an activity entry). */
const locked = (lockedNow = false) =>
  new AppError('otp_locked', 'Too many wrong attempts: this OTP no longer works. Start again to get a new one.', {
    retryAfterSeconds: 60,
    ...(lockedNow ? { lockedNow } : {}),
  });
const tooSoon = (seconds: number) => new AppError('otp_resend_too_soon', `You can ask for a new code in ${seconds} seconds.`, { retryAfterSeconds: seconds });
