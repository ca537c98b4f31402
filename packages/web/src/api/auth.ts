import { call } from './client';
import type { BodyOf } from './types';

export const startSignUp = (mobile: string) => call('post', '/api/v1/auth/sign-up', { body: { mobile } });

export const verifySignUp = (challengeId: string, otp: string) => call('post', '/api/v1/auth/sign-up/verify', { body: { challengeId, otp } });

export const completeSignUp = (input: BodyOf<'/api/v1/auth/sign-up/complete', 'post'>) => call('post', '/api/v1/auth/sign-up/complete', { body: input });

export const startSignIn = (input: BodyOf<'/api/v1/auth/sign-in', 'post'>) => call('post', '/api/v1/auth/sign-in', { body: input });

export const verifySignIn = (challengeId: string, otp: string) => call('post', '/api/v1/auth/sign-in/verify', { body: { challengeId, otp } });

export const resendOtp = (challengeId: string) => call('post', '/api/v1/auth/otp/resend', { body: { challengeId } });

export const signOut = () => call('post', '/api/v1/auth/sign-out');

export const signOutEverywhere = () => call('post', '/api/v1/auth/sign-out-everywhere');
