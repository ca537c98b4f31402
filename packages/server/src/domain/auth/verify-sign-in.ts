import { notify } from '../notifications/notify.js';
import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import { toMe, type Me } from '../residents/me.js';
import { createSession, type NewSession, type SessionKind } from '../sessions/create-session.js';
import { answerChallenge } from './challenges.js';
import { cancelPinRecoveries } from './complete-pin-recovery.js';

/** Step 2 of sign-in: the OTP sent to the account's mobile opens a new session. */
export async function verifySignIn(
  deps: DomainDeps,
  input: { challengeId: string; otp: string; sessionKind: SessionKind },
  ctx: RequestContext,
): Promise<{ resident: Me; session: NewSession }> {
  let row;
  try {
    row = await answerChallenge(deps, { challengeId: input.challengeId, purpose: 'sign_in', otp: input.otp });
  } catch (err) {
    if (err instanceof AppError && err.details?.lockedNow) {
      const challenge = await deps.repos.challenges.find(input.challengeId);
      if (challenge?.resident_id) await recordActivity(deps, challenge.resident_id, 'sign_in_failed', ctx, { reason: 'otp_locked' });
    }
    throw err;
  }
  const resident = row.resident_id ? await deps.repos.residents.findById(row.resident_id) : undefined;
  if (!resident || resident.status !== 'active' || resident.mobile !== row.mobile) {
    throw new AppError('challenge_not_found', 'This sign-in can no longer be completed. Start again.');
  }
  const session = await createSession(deps, resident.id, input.sessionKind, ctx);
  await recordActivity(deps, resident.id, 'signed_in', ctx, { sessionId: session.id });
  await cancelPinRecoveries(deps, resident.id);
  await notify(deps, [{ residentId: resident.id, kind: 'new_sign_in', params: { device: ctx.device, at: deps.clock.now() } }]);
  return { resident: await toMe(deps, resident), session };
}
