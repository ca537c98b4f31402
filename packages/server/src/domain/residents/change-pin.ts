import { recordActivity } from '../activity/record-activity.js';
import { answerChallenge, openSmsChallenge, type ChallengeView } from '../auth/challenges.js';
import { assertPinStrong } from '../auth/credential-rules.js';
import { smsTexts } from '../auth/sms-texts.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { reauthenticateWithPin } from './reauthenticate.js';

export async function startPinChange(deps: DomainDeps, actor: ResidentActor, input: { currentPin: string }, ctx: RequestContext): Promise<ChallengeView> {
  const r = await reauthenticateWithPin(deps, actor, input.currentPin, 'currentPin');
  return openSmsChallenge(deps, { purpose: 'change_pin', mobile: r.mobile, residentId: r.id, ip: ctx.ip, message: smsTexts(r.language).changePin });
}

/** Sets the new PIN and ends every other session. */
export async function verifyPinChange(
  deps: DomainDeps,
  actor: ResidentActor,
  input: { challengeId: string; otp: string; newPin: string },
  ctx: RequestContext,
): Promise<void> {
  assertPinStrong(input.newPin, 'newPin');
  await answerChallenge(deps, { challengeId: input.challengeId, purpose: 'change_pin', otp: input.otp, residentId: actor.residentId });
  const now = deps.clock.now();
  await deps.repos.residents.update(actor.residentId, { pin_hash: await deps.secrets.hash(input.newPin), updated_at: now });
  const ended = await deps.repos.sessions.endAll(actor.residentId, 'pin_changed', now, actor.sessionId);
  await recordActivity(deps, actor.residentId, 'pin_changed', ctx, { otherSessionsEnded: ended });
}
