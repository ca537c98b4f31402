import { api } from './client';
import type { StaffMe, StaffSignedIn } from './types';

const STAFF = { audience: 'staff' } as const;

export const staffSignIn = (username: string, password: string) =>
  api<StaffSignedIn>('POST', '/api/v1/staff/sign-in', { username, password }, { audience: 'public' });

export const staffMe = () => api<StaffMe>('GET', '/api/v1/staff/me', undefined, STAFF);

export const staffSignOut = () => api<void>('POST', '/api/v1/staff/sign-out', undefined, STAFF);
