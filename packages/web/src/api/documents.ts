import { api } from './client';
import type { DocumentDetail, DocumentPage, PullInput, PullResult } from './types';

const base = (uri: string) => `/api/v1/me/documents/${encodeURIComponent(uri)}`;

export function listDocuments(options: { limit?: number; cursor?: string | null } = {}) {
  const query = new URLSearchParams({ limit: String(options.limit ?? 20) });
  if (options.cursor) query.set('cursor', options.cursor);
  return api<DocumentPage>('GET', `/api/v1/me/documents?${query.toString()}`);
}

export const getDocument = (uri: string) => api<DocumentDetail>('GET', base(uri));

/** The PDF rendering (application/pdf), opened by the browser itself. */
export const documentPdfUrl = (uri: string) => `${base(uri)}/pdf`;

/** The DigiLocker certificate XML, signed with XML-DSig. */
export const documentXmlUrl = (uri: string) => `${base(uri)}/xml`;

/** The signed credential (application/vc+jwt), served as an attachment. */
export const documentCredentialUrl = (uri: string) => `${base(uri)}/credential`;

/**
 * Whether the PDF rendering can be fetched: 'missing' when the server answers 404 (no such
 * rendering, or a server without it), 'unknown' when it could not tell.
 */
export async function probePdf(uri: string): Promise<'available' | 'missing' | 'unknown'> {
  try {
    const response = await fetch(documentPdfUrl(uri), { method: 'HEAD', credentials: 'same-origin', cache: 'no-store' });
    if (response.ok) return 'available';
    return response.status === 404 ? 'missing' : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const pullDocument = (input: Omit<PullInput, 'consent'>) =>
  api<PullResult>('POST', '/api/v1/me/pull', { ...input, consent: true });
