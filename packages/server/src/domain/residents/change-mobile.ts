import { isUniqueViolation } from '../../db/db-errors.js';
import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import { claimHeldDocuments } from '../documents/claim-held-documents.js';
import { mobileLookup } from '../documents/holders.js';
import { answerChallenge, openSmsChallenge, type ChallengeView } from '../auth/challenges.js';
import { maskMobile } from '../auth/mobile.js';
import { smsTexts } from '../auth/sms-texts.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { getMe } from './get-me.js';
import type { Me } from './me.js';
import { reauthenticateWithPin } from './reauthenticate.js';

/** The PIN proves the account holder; the OTP goes to the NEW number and proves it. */
export async function startMobileChange(
  deps: DomainDeps,
  actor: ResidentActor,
  input: { pin: string; newMobile: string },
  ctx: RequestContext,
): Promise<ChallengeView> {
  const r = await reauthenticateWithPin(deps, actor, input.pin);
  if (input.newMobile === r.mobile) {
    throw new AppError('validation_failed', 'That is already your mobile number.', {
      errors: [{ path: '/body/newMobile', message: 'is your current number' }],
    });
  }
  return openSmsChallenge(deps, {
    purpose: 'change_mobile',
    mobile: input.newMobile,
    residentId: r.id,
    ip: ctx.ip,
    message: smsTexts(r.language).changeMobile,
  });
}

export async function verifyMobileChange(
  deps: DomainDeps,
  actor: ResidentActor,
  input: { challengeId: string; otp: string },
  ctx: RequestContext,
): Promise<Me> {
  const row = await answerChallenge(deps, { challengeId: input.challengeId, purpose: 'change_mobile', otp: input.otp, residentId: actor.residentId });
  const before = await deps.repos.residents.findById(actor.residentId);
  const now = deps.clock.now();
  const unavailable = () => new AppError('mobile_unavailable', 'That mobile number belongs to another Tijori account.');
  if (await deps.repos.residents.findActiveByMobile(row.mobile!)) throw unavailable();
  try {
    await deps.repos.residents.update(actor.residentId, { mobile: row.mobile, updated_at: now });
  } catch (err) {
    if (isUniqueViolation(err)) throw unavailable();
    throw err;
  }
  const ended = await deps.repos.sessions.endAll(actor.residentId, 'mobile_changed', now, actor.sessionId);
  await recordActivity(deps, actor.residentId, 'mobile_changed', ctx, {
    from: before?.mobile ? maskMobile(before.mobile) : null,
    to: maskMobile(row.mobile!),
    otherSessionsEnded: ended,
  });
  await claimHeldDocuments(deps, actor.residentId, [mobileLookup(deps.masterKey, row.mobile!)]);
  return getMe(deps, actor);
}
