import { api } from './client';
import type { Challenge } from './types';

export type SecondFactor = 'aadhaar' | 'password' | 'wait';

export interface RecoveryStarted {
  recoveryTicket: string;
  secondFactors: SecondFactor[];
  ready: boolean;
  waitHours: number;
}

const base = '/api/v1/auth/forgot-pin';
const pub = { audience: 'public' as const };

export const startForgotPin = (mobile: string) => api<Challenge>('POST', base, { mobile }, pub);
export const verifyForgotPin = (challengeId: string, otp: string) => api<RecoveryStarted>('POST', `${base}/verify`, { challengeId, otp }, pub);
export const startRecoveryAadhaar = (recoveryTicket: string) => api<Challenge>('POST', `${base}/aadhaar`, { recoveryTicket }, pub);
export const verifyRecoveryAadhaar = (recoveryTicket: string, challengeId: string, otp: string) =>
  api<{ ready: true }>('POST', `${base}/aadhaar/verify`, { recoveryTicket, challengeId, otp }, pub);
export const verifyRecoveryPassword = (recoveryTicket: string, password: string) => api<{ ready: true }>('POST', `${base}/password`, { recoveryTicket, password }, pub);
export const startRecoveryWait = (recoveryTicket: string) => api<{ readyAt: string }>('POST', `${base}/wait`, { recoveryTicket }, pub);
export const completeForgotPin = (recoveryTicket: string, newPin: string) => api<void>('POST', `${base}/complete`, { recoveryTicket, newPin }, pub);
