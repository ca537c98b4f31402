import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import { assertPinStrong } from './credential-rules.js';
import { openRecovery } from './pin-recovery-ticket.js';
import { smsTexts } from './sms-texts.js';

/**
 * Last step: with the mobile OTP and the second factor (or a waiting period run out) behind
 * it, the recovery sets the new PIN, ends every session, lifts a sign-in lock and tells the
 * mobile. The resident then signs in as usual.
 */
export async function completePinRecovery(deps: DomainDeps, input: { recoveryTicket: string; newPin: string }, ctx: RequestContext): Promise<void> {
  assertPinStrong(input.newPin, 'newPin');
  const recovery = await openRecovery(deps, input.recoveryTicket);
  const now = deps.clock.now();
  const ready = recovery.factor_at !== null || (recovery.method === 'wait' && recovery.ready_at !== null && recovery.ready_at <= now);
  if (!ready) {
    throw new AppError(
      'forbidden',
      recovery.method === 'wait' ? 'The waiting period has not ended yet.' : 'Confirm it is you first (Aadhaar OTP, password or waiting period).',
      {
        ...(recovery.ready_at ? { readyAt: new Date(recovery.ready_at).toISOString() } : {}),
      },
    );
  }
  const r = await deps.repos.residents.findById(recovery.resident_id);
  if (!r || r.status !== 'active' || !r.mobile)
    throw new AppError('ticket_invalid', 'This PIN reset can no longer be completed. Start again with your mobile number.');
  const pinHash = await deps.secrets.hash(input.newPin);
  const sessionsEnded = await deps.transaction(async (repos) => {
    // Exactly one caller completes a recovery; any other open one of the resident ends with it.
    if (!(await repos.pinRecoveries.updateOpen(recovery.id, { completed_at: now }, now))) return undefined;
    await repos.pinRecoveries.closeOpen(r.id, 'cancelled_at', now);
    await repos.residents.update(r.id, { pin_hash: pinHash, updated_at: now });
    return repos.sessions.endAll(r.id, 'pin_reset', now);
  });
  if (sessionsEnded === undefined) throw new AppError('ticket_invalid', 'This PIN reset can no longer be completed. Start again with your mobile number.');
  await deps.repos.rateLimits.reset(`signin:fail:${r.mobile}`);
  await recordActivity(deps, r.id, 'pin_reset', ctx, { method: recovery.method ?? 'wait', sessionsEnded });
  await deps.sms.send(r.mobile, smsTexts(r.language).pinReset());
}

/** Signing in proves the resident still has their PIN: a pending PIN reset is cancelled. */
export async function cancelPinRecoveries(deps: DomainDeps, residentId: string): Promise<number> {
  return deps.repos.pinRecoveries.closeOpen(residentId, 'cancelled_at', deps.clock.now());
}
