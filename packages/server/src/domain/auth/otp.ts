import { randomInt } from 'node:crypto';
import type { MasterKey } from '../../crypto/master-key.js';
import { hmacHex } from '../../crypto/secrets.js';

/** The OTP rules of the security baseline, in one place. */
export const OTP_RULES = {
  digits: 6,
  ttlMs: 10 * 60 * 1000,
  maxAttempts: 5,
  resendGapMs: 60 * 1000,
  maxSends: 5,
} as const;

export type ChallengePurpose =
  | 'sign_up'
  | 'sign_in'
  | 'aadhaar_link'
  | 'change_pin'
  | 'change_mobile'
  | 'delete_account'
  | 'esign'
  | 'consent_grant'
  /** The device flow's consent OTP: answered only at the token endpoint with its device code. */
  | 'consent_device'
  /** A requester's sign-up of a new resident (`signup/2/demoauth`): answered only at `signup/1/demoauthverify`. */
  | 'signup_demoauth'
  | 'pin_recovery'
  | 'pin_recovery_aadhaar';

/** Purposes that only the signed-in owner may resend or answer. */
export const SESSION_BOUND: ReadonlySet<ChallengePurpose> = new Set([
  'aadhaar_link',
  'change_pin',
  'change_mobile',
  'delete_account',
  'esign',
  'consent_grant',
]);

export function generateOtp(): string {
  return String(randomInt(0, 10 ** OTP_RULES.digits)).padStart(OTP_RULES.digits, '0');
}

/** Stored form of an OTP: keyed, and bound to its challenge (so equal codes hash differently). */
export function otpHash(master: MasterKey, challengeId: string, code: string): string {
  return hmacHex(master.derive('otp/v1'), challengeId, code);
}
