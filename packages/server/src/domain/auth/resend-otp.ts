import { AppError } from '../../lib/errors.js';
import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { resendAadhaarOtp } from '../residents/link-aadhaar.js';
import { resendChallenge } from './challenges.js';
import { resendRecoveryAadhaarOtp } from './pin-recovery-factors.js';
import { SMS } from './sms-texts.js';

const TEXTS: Record<string, (code: string) => string> = {
  sign_up: SMS.signUp,
  sign_in: SMS.signIn,
  change_pin: SMS.changePin,
  change_mobile: SMS.changeMobile,
  delete_account: SMS.deleteAccount,
  consent_grant: (code) => SMS.consentGrant(code, 'a requester'),
  pin_recovery: SMS.pinRecovery,
};

/** A new code for an open challenge, at least 60 s after the last one, at most five in all. */
export async function resendOtp(
  deps: DomainDeps,
  input: { challengeId: string; ip: string },
  actor: ResidentActor | null,
): Promise<{ resendAfterSeconds: number }> {
  const row = await deps.repos.challenges.find(input.challengeId);
  // A device flow's or a requester's sign-up code is never resent here (it would go out under
  // another purpose's text): the device asks for a new device code, the requester calls demoauth again.
  if (row?.purpose === 'consent_device' || row?.purpose === 'signup_demoauth')
    throw new AppError('challenge_not_found', 'This verification request does not exist or has ended. Start again.');
  if (row?.purpose === 'aadhaar_link') {
    if (!actor) throw new AppError('challenge_not_found', 'This verification request does not exist or has ended. Start again.');
    return resendAadhaarOtp(deps, actor, input.challengeId, input.ip);
  }
  if (row?.purpose === 'pin_recovery_aadhaar') return resendRecoveryAadhaarOtp(deps, input.challengeId, input.ip);
  const owner = actor ? { residentId: actor.residentId } : {};
  if (row?.purpose === 'esign') {
    // The eSign text names the document again (the challenge is bound to its owner, checked before sending).
    const documentId = row.context.documentId;
    const file = typeof documentId === 'string' ? await deps.repos.uploads.findFile(documentId) : undefined;
    const name = file && file.resident_id === row.resident_id ? file.name.slice(0, 40) : 'your document';
    return resendChallenge(deps, { challengeId: input.challengeId, ip: input.ip, ...owner }, (_r, code) => SMS.esign(code, name));
  }
  return resendChallenge(deps, { challengeId: input.challengeId, ip: input.ip, ...owner }, (r, code) => (TEXTS[r.purpose] ?? SMS.signIn)(code));
}
