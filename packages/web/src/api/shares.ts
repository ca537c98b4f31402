import { api } from './client';
import type { Answer, BodyOf } from './types';

export type ShareList = Answer<'/api/v1/me/shares', 'get'>;
export type Share = ShareList['live'][number];
export type ShareState = Share['state'];
export type SharerShown = NonNullable<NewShare['sharerShown']>;
export type NewShare = BodyOf<'/api/v1/me/shares', 'post'>;
export type CreatedShare = Answer<'/api/v1/me/shares', 'post', 201>;
export type OpenedShare = Answer<'/api/v1/public/shares/open', 'post'>;

export const listShares = () => api<ShareList>('GET', '/api/v1/me/shares');
export const createShare = (input: NewShare) => api<CreatedShare>('POST', '/api/v1/me/shares', input);
export const revokeShare = (id: string) => api<void>('DELETE', `/api/v1/me/shares/${encodeURIComponent(id)}`);
export const extendShare = (id: string, expiresInHours: number) => api<Share>('POST', `/api/v1/me/shares/${encodeURIComponent(id)}/extend`, { expiresInHours });
export const revokeAllShares = () => api<Answer<'/api/v1/me/shares/revoke-all', 'post'>>('POST', '/api/v1/me/shares/revoke-all');

const PUBLIC = { audience: 'public' } as const;

/** The receiver's side: the token goes in the body, never in an API URL. */
export const openShare = (token: string, language: string, pin?: string) =>
  api<OpenedShare>('POST', '/api/v1/public/shares/open', { token, language, ...(pin ? { pin } : {}) }, PUBLIC);

function fetchShared(grant: string, format: 'view' | 'original', disposition: 'attachment' | 'inline'): Promise<Response> {
  return fetch('/api/v1/public/shares/download', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant, format, disposition }),
    credentials: 'omit',
    cache: 'no-store',
  });
}

/** The file name of a download: the UTF-8 `filename*` when there is one, else the ASCII `filename`. */
function downloadName(header: string): string {
  const utf8 = /filename\*=UTF-8''([^;]+)/.exec(header)?.[1];
  if (utf8) {
    try {
      return decodeURIComponent(utf8);
    } catch {
      // fall through to the ASCII name
    }
  }
  return /filename="([^"]+)"/.exec(header)?.[1] ?? 'document';
}

/** A shared uploaded file, fetched for the receiver's preview: an object URL (revoke it when done), or null. */
export async function previewShared(grant: string): Promise<string | null> {
  const response = await fetchShared(grant, 'view', 'inline');
  return response.ok ? URL.createObjectURL(await response.blob()) : null;
}

/** Downloads the shared file (when allowed) and hands it to the browser as a file. */
export async function downloadShared(grant: string, format: 'view' | 'original'): Promise<boolean> {
  const response = await fetchShared(grant, format, 'attachment');
  if (!response.ok) return false;
  const name = downloadName(response.headers.get('content-disposition') ?? '');
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}
