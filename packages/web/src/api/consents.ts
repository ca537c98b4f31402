import { call } from './client';
import type { Answer, BodyOf } from './types';

export type ConsentRequest = Answer<'/api/v1/consent-requests/{id}', 'get'>;
export type GrantedConsent = Answer<'/api/v1/me/consents', 'get'>['consents'][number];

export const getConsentRequest = (id: string) => call('get', '/api/v1/consent-requests/{id}', { params: { id } });
export type DriveChoices = NonNullable<ConsentRequest['drive']>;
export type DriveGrant = NonNullable<BodyOf<'/api/v1/consent-requests/{id}/confirm', 'post'>['uploads']>;

export const getConsentSignInHint = (id: string) => call('get', '/api/v1/consent-requests/{id}/sign-in', { params: { id } });
/** `uploads` absent: the whole drive (files.uploadeddocs), as before files could be picked; the consent screen always sends it. */
export const confirmConsentRequest = (id: string, pin: string, documents: string[], uploads?: DriveGrant) =>
  call('post', '/api/v1/consent-requests/{id}/confirm', { params: { id }, body: { pin, documents, ...(uploads ? { uploads } : {}) } });
export const verifyConsentRequest = (id: string, challengeId: string, otp: string) =>
  call('post', '/api/v1/consent-requests/{id}/verify', { params: { id }, body: { challengeId, otp } });
export const denyConsentRequest = (id: string) => call('post', '/api/v1/consent-requests/{id}/deny', { params: { id } });
export const listConsents = () => call('get', '/api/v1/me/consents');
export const withdrawConsent = (id: string) => call('delete', '/api/v1/me/consents/{id}', { params: { id } });
