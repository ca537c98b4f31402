import { call, href } from './client';
import type { PullInput } from './types';

export const listDocuments = ({ limit = 20, cursor }: { limit?: number; cursor?: string | null } = {}) =>
  call('get', '/api/v1/me/documents', { query: { limit, cursor: cursor ?? undefined } });

export const getDocument = (uri: string) => call('get', '/api/v1/me/documents/{uri}', { params: { uri } });

/** The PDF rendering (application/pdf), opened by the browser itself. */
export const documentPdfUrl = (uri: string) => href('/api/v1/me/documents/{uri}/pdf', { params: { uri } });

/** The DigiLocker certificate XML, signed with XML-DSig. */
export const documentXmlUrl = (uri: string) => href('/api/v1/me/documents/{uri}/xml', { params: { uri } });

/** The signed credential (application/vc+jwt), served as an attachment. */
export const documentCredentialUrl = (uri: string) => href('/api/v1/me/documents/{uri}/credential', { params: { uri } });

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

export const pullDocument = (input: Omit<PullInput, 'consent'>) => call('post', '/api/v1/me/pull', { body: { ...input, consent: true } });
