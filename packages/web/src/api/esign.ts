import { call } from './client';
import type { Answer, BodyOf } from './types';

export type EsignChallenge = Answer<'/api/v1/me/files/{id}/esign', 'post', 202>;
export type EsignPlacement = NonNullable<BodyOf<'/api/v1/me/files/{id}/esign', 'post'>['placement']>;

export const STAMP_POSITIONS = ['bottom-right', 'bottom-center', 'bottom-left', 'top-right', 'top-left'] as const;
export type StampPosition = (typeof STAMP_POSITIONS)[number];

/** eSign of one of the resident's PDFs or photos: an OTP bound to the file, then a new signed copy beside it. */
export const startEsign = (id: string, placement?: { page?: number; position: StampPosition }) =>
  call('post', '/api/v1/me/files/{id}/esign', { params: { id }, body: placement ? { placement } : {} });
export const confirmEsign = (id: string, challengeId: string, otp: string) =>
  call('post', '/api/v1/me/files/{id}/esign/verify', { params: { id }, body: { challengeId, otp } });
