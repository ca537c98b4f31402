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

/** Downloads the shared file (when allowed) and hands it to the browser as a file. */
export async function downloadShared(grant: string, format: 'view' | 'original'): Promise<boolean> {
  const response = await fetch('/api/v1/public/shares/download', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant, format }),
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!response.ok) return false;
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'document';
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}
