import { api } from './client';
import type { Challenge, SignedIn } from './types';

export const startSignUp = (mobile: string) => api<Challenge>('POST', '/api/v1/auth/sign-up', { mobile });

export const verifySignUp = (challengeId: string, otp: string) => api<{ signupTicket: string }>('POST', '/api/v1/auth/sign-up/verify', { challengeId, otp });

export const completeSignUp = (input: { signupTicket: string; pin: string; username?: string; password?: string; language?: string }) =>
  api<SignedIn>('POST', '/api/v1/auth/sign-up/complete', input);

export const startSignIn = (input: { login: string; pin?: string; password?: string }) => api<Challenge>('POST', '/api/v1/auth/sign-in', input);

export const verifySignIn = (challengeId: string, otp: string) => api<SignedIn>('POST', '/api/v1/auth/sign-in/verify', { challengeId, otp });

export const resendOtp = (challengeId: string) => api<{ resendAfterSeconds: number }>('POST', '/api/v1/auth/otp/resend', { challengeId });

export const signOut = () => api<void>('POST', '/api/v1/auth/sign-out');

export const signOutEverywhere = () => api<void>('POST', '/api/v1/auth/sign-out-everywhere');
