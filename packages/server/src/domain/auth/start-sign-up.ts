import type { DomainDeps } from '../context.js';
import { openSmsChallenge, type ChallengeView } from './challenges.js';
import { smsTexts } from './sms-texts.js';

/**
 * Step 1 of sign-up. Answers the same whether or not the number is registered; the owner of
 * a registered number gets an SMS saying so instead of a code.
 */
export async function startSignUp(deps: DomainDeps, input: { mobile: string; ip: string; language?: string }): Promise<ChallengeView> {
  const existing = await deps.repos.residents.findActiveByMobile(input.mobile);
  // An account's owner reads the SMS in the account's language; a new one in the portal's.
  const sms = smsTexts(existing?.language ?? input.language);
  return openSmsChallenge(deps, {
    purpose: 'sign_up',
    mobile: input.mobile,
    ip: input.ip,
    message: sms.signUp,
    ...(input.language ? { context: { language: input.language } } : {}),
    ...(existing ? { denyWith: sms.alreadyRegistered() } : {}),
  });
}
