import { NO_ACCOUNT_HASH } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import { openSmsChallenge, type ChallengeView } from './challenges.js';
import { isValidMobile, normaliseMobile } from './mobile.js';
import { enforceLimit, LIMITS, takeGuess } from './rate-limit.js';
import { smsTexts } from './sms-texts.js';

export interface StartSignInInput {
  login: string;
  pin?: string;
  password?: string;
}

/**
 * Step 1 of sign-in: mobile or username, then PIN or password. A wrong secret and an unknown
 * account answer alike, in alike time; attempts are taken per login before the secret is
 * checked, so that guessing stops after five, concurrent guesses included, whether or not
 * the account exists.
 */
export async function startSignIn(deps: DomainDeps, input: StartSignInInput, ctx: RequestContext): Promise<ChallengeView> {
  if ((input.pin === undefined) === (input.password === undefined)) {
    throw new AppError('validation_failed', 'Give either your PIN or your password.', {
      errors: [{ path: '/body/pin', message: 'give exactly one of pin and password' }],
    });
  }
  await enforceLimit(deps, `signin:ip:${ctx.ip}`, LIMITS.signInPerIp);
  const mobile = normaliseMobile(input.login);
  const byMobile = isValidMobile(mobile);
  const loginKey = byMobile ? mobile : input.login.trim().toLowerCase();
  const failKey = `signin:fail:${loginKey}`;
  const { attemptsLeft } = await takeGuess(deps, failKey);

  const resident = byMobile ? await deps.repos.residents.findActiveByMobile(mobile) : await deps.repos.residents.findActiveByUsername(loginKey);
  const stored = input.pin !== undefined ? resident?.pin_hash : resident?.password_hash;
  const ok = await deps.secrets.verify(input.pin ?? input.password ?? '', stored ?? NO_ACCOUNT_HASH);

  if (!ok || !resident || !resident.mobile) {
    if (resident) await recordActivity(deps, resident.id, 'sign_in_failed', ctx, { reason: input.pin !== undefined ? 'wrong_pin' : 'wrong_password' });
    throw new AppError(
      'invalid_credentials',
      `The ${byMobile ? 'mobile number' : 'username'} or ${input.pin !== undefined ? 'PIN' : 'password'} is not right.`,
      {
        attemptsLeft,
      },
    );
  }
  await deps.repos.rateLimits.reset(failKey);
  return openSmsChallenge(deps, {
    purpose: 'sign_in',
    mobile: resident.mobile,
    residentId: resident.id,
    ip: ctx.ip,
    message: smsTexts(resident.language).signIn,
  });
}
