import { sha256Hex } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import type { DomainDeps } from '../context.js';
import { checkSecondFactor, type SecondFactorInput } from './second-factor.js';
import { startStaffSession } from './staff-accounts.js';

/**
 * The console sign-in's second step: the ticket the right password gave, and a code from the
 * authenticator app or a recovery code. A right code spends the ticket and starts the session,
 * in the transaction that spends the code.
 */
export async function completeStaffSignIn(
  deps: DomainDeps,
  pendingToken: string,
  input: SecondFactorInput,
  ip: string,
): Promise<{ token: string; expiresAt: number; role: string }> {
  const now = deps.clock.now();
  const challenge = await deps.repos.staffTotp.findChallenge(sha256Hex(pendingToken));
  if (!challenge || challenge.used_at !== null || now >= challenge.expires_at) {
    throw new AppError('unauthenticated', 'This sign-in has expired. Enter your username and password again.');
  }
  const user = await deps.repos.staff.findById(challenge.staff_id);
  if (!user || user.status !== 'active') throw new AppError('unauthenticated', 'Please sign in to the console.');
  return checkSecondFactor(deps, user, input, ip, async (tx) => {
    if (!(await tx.repos.staffTotp.useChallenge(challenge.id, now)))
      throw new AppError('unauthenticated', 'This sign-in was finished already. Enter your username and password again.');
    return { ...(await startStaffSession(tx, user)), role: user.role };
  });
}
