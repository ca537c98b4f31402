import { api } from './client';
import type { RecoveryCodes, SecondFactor, StaffMe, StaffSignedIn, StaffTotpEnrolment, StaffTotpSignedIn, StaffTotpStatus } from './types';

const STAFF = { audience: 'staff' } as const;

export const staffSignIn = (username: string, password: string) =>
  api<StaffSignedIn>('POST', '/api/v1/staff/sign-in', { username, password }, { audience: 'public' });

export const staffMe = () => api<StaffMe>('GET', '/api/v1/staff/me', undefined, STAFF);

export const staffSignOut = () => api<void>('POST', '/api/v1/staff/sign-out', undefined, STAFF);

/** The sign-in's second step; the pending ticket rides in its own HttpOnly cookie. */
export const staffSignInTotp = (factor: SecondFactor) => api<StaffTotpSignedIn>('POST', '/api/v1/staff/sign-in/totp', factor, { audience: 'public' });

export const staffTotpStatus = () => api<StaffTotpStatus>('GET', '/api/v1/staff/totp', undefined, STAFF);

export const staffTotpEnrol = () => api<StaffTotpEnrolment>('POST', '/api/v1/staff/totp/enrol', undefined, STAFF);

export const staffTotpConfirm = (code: string) => api<RecoveryCodes>('POST', '/api/v1/staff/totp/confirm', { code }, STAFF);

export const staffTotpDisable = (factor: SecondFactor) => api<void>('POST', '/api/v1/staff/totp/disable', factor, STAFF);

export const staffRenewRecoveryCodes = (code: string) => api<RecoveryCodes>('POST', '/api/v1/staff/totp/recovery-codes', { code }, STAFF);
