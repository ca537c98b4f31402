import { call } from './client';
import type { SecondFactor } from './types';

const STAFF = { audience: 'staff' } as const;

export const staffSignIn = (username: string, password: string) =>
  call('post', '/api/v1/staff/sign-in', { body: { username, password } }, { audience: 'public' });

export const staffMe = () => call('get', '/api/v1/staff/me', {}, STAFF);

export const staffSignOut = () => call('post', '/api/v1/staff/sign-out', {}, STAFF);

/** The sign-in's second step; the pending ticket rides in its own HttpOnly cookie. */
export const staffSignInTotp = (factor: SecondFactor) => call('post', '/api/v1/staff/sign-in/totp', { body: factor }, { audience: 'public' });

export const staffTotpStatus = () => call('get', '/api/v1/staff/totp', {}, STAFF);

export const staffTotpEnrol = () => call('post', '/api/v1/staff/totp/enrol', {}, STAFF);

export const staffTotpConfirm = (code: string) => call('post', '/api/v1/staff/totp/confirm', { body: { code } }, STAFF);

export const staffTotpDisable = (factor: SecondFactor) => call('post', '/api/v1/staff/totp/disable', { body: factor }, STAFF);

export const staffRenewRecoveryCodes = (code: string) => call('post', '/api/v1/staff/totp/recovery-codes', { body: { code } }, STAFF);
