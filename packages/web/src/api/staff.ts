import { call } from './client';

const STAFF = { audience: 'staff' } as const;

export const staffSignIn = (username: string, password: string) => call('post', '/api/v1/staff/sign-in', { body: { username, password } }, { audience: 'public' });

export const staffMe = () => call('get', '/api/v1/staff/me', {}, STAFF);

export const staffSignOut = () => call('post', '/api/v1/staff/sign-out', {}, STAFF);
