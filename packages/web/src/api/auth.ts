import { call } from './client';
import type { LanguageCode } from '../i18n/languages';
import type { BodyOf } from './types';

/** `language`: the portal's, so that the code's SMS is written in it. */
export const startSignUp = (mobile: string, language: LanguageCode) => call('post', '/api/v1/auth/sign-up', { body: { mobile, language } });

export const verifySignUp = (challengeId: string, otp: string) => call('post', '/api/v1/auth/sign-up/verify', { body: { challengeId, otp } });

export const completeSignUp = (input: BodyOf<'/api/v1/auth/sign-up/complete', 'post'>) => call('post', '/api/v1/auth/sign-up/complete', { body: input });

export const startSignIn = (input: BodyOf<'/api/v1/auth/sign-in', 'post'>) => call('post', '/api/v1/auth/sign-in', { body: input });

export const verifySignIn = (challengeId: string, otp: string) => call('post', '/api/v1/auth/sign-in/verify', { body: { challengeId, otp } });

export const resendOtp = (challengeId: string) => call('post', '/api/v1/auth/otp/resend', { body: { challengeId } });

export const signOut = () => call('post', '/api/v1/auth/sign-out');

export const signOutEverywhere = () => call('post', '/api/v1/auth/sign-out-everywhere');
