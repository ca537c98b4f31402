import { call } from './client';
import type { Verification, VerifyInput } from './types';

const PUBLIC = { audience: 'public' } as const;

export type { VerifyInput };

/** Public verification by QR content (the whole /verify#t=… URL will do), signed credential, or URI + code. */
export const verifyDocument = (input: Omit<VerifyInput, 'language'>, language?: string): Promise<Verification> =>
  call('post', '/api/v1/verify', { body: { ...input, ...(language ? { language } : {}) } }, PUBLIC);

/** Verification of a PDF rendering: the file's own bytes. */
export const verifyPdf = (file: Blob, language?: string): Promise<Verification> =>
  call('post', '/api/v1/verify/pdf', { query: { language } }, { ...PUBLIC, raw: { body: file, contentType: 'application/pdf' } });
