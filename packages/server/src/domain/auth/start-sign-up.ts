import type { DomainDeps } from '../context.js';
import { openSmsChallenge, type ChallengeView } from './challenges.js';
import { SMS } from './sms-texts.js';

/**
 * Step 1 of sign-up. Answers the same whether or not the number is registered; the owner of
 * a registered number gets an SMS saying so instead of a code.
 */
export async function startSignUp(deps: DomainDeps, input: { mobile: string; ip: string }): Promise<ChallengeView> {
  const existing = await deps.repos.residents.findActiveByMobile(input.mobile);
  return openSmsChallenge(deps, {
    purpose: 'sign_up',
    mobile: input.mobile,
    ip: input.ip,
    message: SMS.signUp,
    ...(existing ? { denyWith: SMS.alreadyRegistered() } : {}),
  });
}
