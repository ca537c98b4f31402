import { api } from './client';
import type { Challenge } from './types';
import type { UploadedFile } from './uploads';

export type EsignChallenge = Challenge & { placement: { page: number; x: number; y: number; width: number; height: number } };

export const STAMP_POSITIONS = ['bottom-right', 'bottom-center', 'bottom-left', 'top-right', 'top-left'] as const;
export type StampPosition = (typeof STAMP_POSITIONS)[number];

/** eSign of one of the resident's PDFs or photos: an OTP bound to the file, then a new signed copy beside it. */
export const startEsign = (fileId: string, placement?: { page?: number; position: StampPosition }) =>
  api<EsignChallenge>('POST', `/api/v1/me/files/${fileId}/esign`, placement ? { placement } : {});
export const confirmEsign = (fileId: string, challengeId: string, otp: string) =>
  api<{ file: UploadedFile; certificateSerial: string; signedAt: string }>('POST', `/api/v1/me/files/${fileId}/esign/verify`, { challengeId, otp });
