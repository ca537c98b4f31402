import { AppError } from '../../lib/errors.js';
import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { resendAadhaarOtp } from '../residents/link-aadhaar.js';
import { resendChallenge } from './challenges.js';
import { resendRecoveryAadhaarOtp } from './pin-recovery-factors.js';
import type { SmsTexts } from '@tijori/texts';
import type { ChallengeRow } from '../../repositories/otp-challenges.repository.js';
import { smsTexts } from './sms-texts.js';

/** The text of a resent code, in the language its first SMS went out in. */
function resentText(sms: SmsTexts, purpose: string): (code: string) => string {
  const texts: Record<string, (code: string) => string> = {
    sign_up: sms.signUp,
    sign_in: sms.signIn,
    change_pin: sms.changePin,
    change_mobile: sms.changeMobile,
    delete_account: sms.deleteAccount,
    consent_grant: (code) => sms.consentGrant(code, '—'),
    pin_recovery: sms.pinRecovery,
  };
  return texts[purpose] ?? sms.signIn;
}

/** A sign-up's language came with its request; every other code goes to an account. */
async function challengeLanguage(deps: DomainDeps, row: ChallengeRow): Promise<string | undefined> {
  if (typeof row.context.language === 'string') return row.context.language;
  return row.resident_id ? (await deps.repos.residents.findById(row.resident_id))?.language : undefined;
}

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
    const sms = smsTexts(row ? await challengeLanguage(deps, row) : undefined);
    return resendChallenge(deps, { challengeId: input.challengeId, ip: input.ip, ...owner }, (_r, code) => sms.esign(code, name));
  }
  const sms = smsTexts(row ? await challengeLanguage(deps, row) : undefined);
  return resendChallenge(deps, { challengeId: input.challengeId, ip: input.ip, ...owner }, (r, code) => resentText(sms, r.purpose)(code));
}
