import { sha256Hex } from '../../crypto/secrets.js';
import type { DomainDeps } from '../context.js';
import { answerChallenge } from './challenges.js';

const TICKET_TTL_MS = 15 * 60 * 1000;

/** Step 2: the OTP proves the number; the answer is a one-time ticket to finish sign-up. */
export async function verifySignUp(deps: DomainDeps, input: { challengeId: string; otp: string }): Promise<{ signupTicket: string }> {
  const row = await answerChallenge(deps, { challengeId: input.challengeId, purpose: 'sign_up', otp: input.otp });
  const secret = deps.random.bytes(24).toString('base64url');
  await deps.repos.challenges.setTicket(row.id, sha256Hex(secret), deps.clock.now() + TICKET_TTL_MS);
  return { signupTicket: `${row.id}.${secret}` };
}
