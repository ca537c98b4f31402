import { api } from './client';
import type { BodyOf, Challenge, OtpResent, SignedIn, SignUpTicket } from './types';

export const startSignUp = (mobile: string) => api<Challenge>('POST', '/api/v1/auth/sign-up', { mobile });

export const verifySignUp = (challengeId: string, otp: string) => api<SignUpTicket>('POST', '/api/v1/auth/sign-up/verify', { challengeId, otp });

export const completeSignUp = (input: BodyOf<'/api/v1/auth/sign-up/complete', 'post'>) =>
  api<SignedIn>('POST', '/api/v1/auth/sign-up/complete', input);

export const startSignIn = (input: BodyOf<'/api/v1/auth/sign-in', 'post'>) => api<Challenge>('POST', '/api/v1/auth/sign-in', input);

export const verifySignIn = (challengeId: string, otp: string) => api<SignedIn>('POST', '/api/v1/auth/sign-in/verify', { challengeId, otp });

export const resendOtp = (challengeId: string) => api<OtpResent>('POST', '/api/v1/auth/otp/resend', { challengeId });

export const signOut = () => api<void>('POST', '/api/v1/auth/sign-out');

export const signOutEverywhere = () => api<void>('POST', '/api/v1/auth/sign-out-everywhere');
