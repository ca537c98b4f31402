import { api } from './client';
import type { SessionList, ActivityPage, Challenge, ChainCheck, Me } from './types';

export const PHOTO_URL = '/api/v1/me/photo';

export const getMe = () => api<Me>('GET', '/api/v1/me');

export const updateLanguage = (language: string) => api<Me>('PATCH', '/api/v1/me', { language });

export const listSessions = () => api<SessionList>('GET', '/api/v1/me/sessions');

export const endSession = (id: string) => api<void>('DELETE', `/api/v1/me/sessions/${encodeURIComponent(id)}`);

export const startAadhaarLink = (aadhaarNumber: string) => api<Challenge>('POST', '/api/v1/me/aadhaar', { aadhaarNumber, consent: true });

export const verifyAadhaarLink = (challengeId: string, otp: string) => api<Me>('POST', '/api/v1/me/aadhaar/verify', { challengeId, otp });

export const startPinChange = (currentPin: string) => api<Challenge>('POST', '/api/v1/me/pin', { currentPin });

export const verifyPinChange = (challengeId: string, otp: string, newPin: string) => api<void>('POST', '/api/v1/me/pin/verify', { challengeId, otp, newPin });

export const startMobileChange = (pin: string, newMobile: string) => api<Challenge>('POST', '/api/v1/me/mobile', { pin, newMobile });

export const verifyMobileChange = (challengeId: string, otp: string) => api<Me>('POST', '/api/v1/me/mobile/verify', { challengeId, otp });

export const startAccountDeletion = (pin: string) => api<Challenge>('POST', '/api/v1/me/delete', { pin });

export const verifyAccountDeletion = (challengeId: string, otp: string) => api<void>('POST', '/api/v1/me/delete/verify', { challengeId, otp });

export function listActivity(options: { limit?: number; before?: number } = {}) {
  const query = new URLSearchParams({ limit: String(options.limit ?? 50) });
  if (options.before !== undefined) query.set('before', String(options.before));
  return api<ActivityPage>('GET', `/api/v1/me/activity?${query.toString()}`);
}

export const verifyActivity = () => api<ChainCheck>('GET', '/api/v1/me/activity/verify');
