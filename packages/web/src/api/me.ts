import { call, href } from './client';
import type { BodyOf, QueryOf } from './types';

export const PHOTO_URL = href('/api/v1/me/photo');

export const getMe = () => call('get', '/api/v1/me');

export const updateLanguage = (language: NonNullable<BodyOf<'/api/v1/me', 'patch'>['language']>) => call('patch', '/api/v1/me', { body: { language } });

export const listSessions = () => call('get', '/api/v1/me/sessions');

export const endSession = (sessionId: string) => call('delete', '/api/v1/me/sessions/{sessionId}', { params: { sessionId } });

export const startAadhaarLink = (aadhaarNumber: string) => call('post', '/api/v1/me/aadhaar', { body: { aadhaarNumber, consent: true } });

export const verifyAadhaarLink = (challengeId: string, otp: string) => call('post', '/api/v1/me/aadhaar/verify', { body: { challengeId, otp } });

export const startPinChange = (currentPin: string) => call('post', '/api/v1/me/pin', { body: { currentPin } });

export const verifyPinChange = (challengeId: string, otp: string, newPin: string) =>
  call('post', '/api/v1/me/pin/verify', { body: { challengeId, otp, newPin } });

export const startMobileChange = (pin: string, newMobile: string) => call('post', '/api/v1/me/mobile', { body: { pin, newMobile } });

export const verifyMobileChange = (challengeId: string, otp: string) => call('post', '/api/v1/me/mobile/verify', { body: { challengeId, otp } });

export const startAccountDeletion = (pin: string) => call('post', '/api/v1/me/delete', { body: { pin } });

export const verifyAccountDeletion = (challengeId: string, otp: string) => call('post', '/api/v1/me/delete/verify', { body: { challengeId, otp } });

export const listActivity = ({ limit = 50, before }: QueryOf<'/api/v1/me/activity', 'get'> = {}) =>
  call('get', '/api/v1/me/activity', { query: { limit, before } });

export const verifyActivity = () => call('get', '/api/v1/me/activity/verify');
