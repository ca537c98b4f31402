import { call } from './client';
import type { LanguageCode } from '../i18n/languages';
import type { Answer } from './types';

export type RecoveryStarted = Answer<'/api/v1/auth/forgot-pin/verify', 'post'>;
export type SecondFactor = RecoveryStarted['secondFactors'][number];

const pub = { audience: 'public' as const };

export const startForgotPin = (mobile: string, language: LanguageCode) => call('post', '/api/v1/auth/forgot-pin', { body: { mobile, language } }, pub);
export const verifyForgotPin = (challengeId: string, otp: string) => call('post', '/api/v1/auth/forgot-pin/verify', { body: { challengeId, otp } }, pub);
export const startRecoveryAadhaar = (recoveryTicket: string) => call('post', '/api/v1/auth/forgot-pin/aadhaar', { body: { recoveryTicket } }, pub);
export const verifyRecoveryAadhaar = (recoveryTicket: string, challengeId: string, otp: string) =>
  call('post', '/api/v1/auth/forgot-pin/aadhaar/verify', { body: { recoveryTicket, challengeId, otp } }, pub);
export const verifyRecoveryPassword = (recoveryTicket: string, password: string) =>
  call('post', '/api/v1/auth/forgot-pin/password', { body: { recoveryTicket, password } }, pub);
export const startRecoveryWait = (recoveryTicket: string) => call('post', '/api/v1/auth/forgot-pin/wait', { body: { recoveryTicket } }, pub);
export const completeForgotPin = (recoveryTicket: string, newPin: string) =>
  call('post', '/api/v1/auth/forgot-pin/complete', { body: { recoveryTicket, newPin } }, pub);
