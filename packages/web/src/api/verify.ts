import { api } from './client';
import type { Verification, VerifyInput } from './types';

const PUBLIC = { audience: 'public' } as const;

export type { VerifyInput };

/** Public verification by QR content (the whole /verify#t=… URL will do), signed credential, or URI + code. */
export const verifyDocument = (input: Omit<VerifyInput, 'language'>, language?: string) =>
  api<Verification>('POST', '/api/v1/verify', { ...input, ...(language ? { language } : {}) }, PUBLIC);

/** Verification of a PDF rendering: the file's own bytes. */
export function verifyPdf(file: Blob, language?: string) {
  const query = language ? `?${new URLSearchParams({ language }).toString()}` : '';
  return api<Verification>('POST', `/api/v1/verify/pdf${query}`, undefined, { ...PUBLIC, raw: { body: file, contentType: 'application/pdf' } });
}
