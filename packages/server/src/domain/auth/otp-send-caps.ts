import type { DomainDeps } from '../context.js';
import type { ChallengePurpose } from './otp.js';
import { enforceLimit, type Limit } from './rate-limit.js';

/**
 * Caps on the SMS Tijori sends, counted per purpose so that one purpose never uses up
 * another's quota: strangers asking to sign up with a registered number cannot block its
 * owner's sign-in. Each send (first code or resend) counts against the destination number,
 * the account it is for (when there is one) and the caller's address: SMS pumping through
 * one account, one address or at one number stops at the cap.
 */
export const OTP_SEND_CAPS = {
  perDestination: { max: 5, windowMs: 60 * 60 * 1000 },
  perAccount: { max: 5, windowMs: 60 * 60 * 1000 },
  perIp: { max: 30, windowMs: 60 * 60 * 1000 },
} as const satisfies Record<string, Limit>;

/**
 * Purposes a signed-in resident uses several times in an ordinary hour, whose code goes only to
 * the account's own registered number (never to a number the caller names, so they cannot pump
 * SMS to others): signing a batch of uploads, answering several requesters. Higher caps per
 * account and number; the per-address cap stays.
 */
const OWN_NUMBER_CAPS: Partial<Record<ChallengePurpose, Limit>> = {
  esign: { max: 20, windowMs: 60 * 60 * 1000 },
  consent_grant: { max: 20, windowMs: 60 * 60 * 1000 },
};

export interface OtpSend {
  purpose: ChallengePurpose;
  mobile: string;
  residentId?: string | null;
  ip: string;
}

export async function enforceOtpSendCaps(deps: DomainDeps, send: OtpSend): Promise<void> {
  const p = `otp:${send.purpose}`;
  await enforceLimit(deps, `${p}:ip:${send.ip}`, OTP_SEND_CAPS.perIp);
  const own = OWN_NUMBER_CAPS[send.purpose];
  if (send.residentId) await enforceLimit(deps, `${p}:account:${send.residentId}`, own ?? OTP_SEND_CAPS.perAccount);
  await enforceLimit(deps, `${p}:to:${send.mobile}`, own ?? OTP_SEND_CAPS.perDestination);
}
