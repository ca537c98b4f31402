import { call } from './client';
import type { Answer, BodyOf, PathOf } from './types';

export type ShareList = Answer<'/api/v1/me/shares', 'get'>;
export type Share = ShareList['live'][number];
export type ShareState = Share['state'];
export type SharerShown = NonNullable<NewShare['sharerShown']>;
export type NewShare = BodyOf<'/api/v1/me/shares', 'post'>;
export type CreatedShare = Answer<'/api/v1/me/shares', 'post', 201>;
export type OpenedShare = Answer<'/api/v1/public/shares/open', 'post'>;

export const listShares = () => call('get', '/api/v1/me/shares');
export const createShare = (input: NewShare) => call('post', '/api/v1/me/shares', { body: input });
export const revokeShare = (shareId: string) => call('delete', '/api/v1/me/shares/{shareId}', { params: { shareId } });
export const extendShare = (shareId: string, expiresInHours: number) =>
  call('post', '/api/v1/me/shares/{shareId}/extend', { params: { shareId }, body: { expiresInHours } });
export const revokeAllShares = () => call('post', '/api/v1/me/shares/revoke-all');

const PUBLIC = { audience: 'public' } as const;

/** The receiver's side: the token goes in the body, never in an API URL. */
export const openShare = (token: string, language: string, pin?: string) =>
  call('post', '/api/v1/public/shares/open', { body: { token, language, ...(pin ? { pin } : {}) } }, PUBLIC);

type DownloadRequest = BodyOf<'/api/v1/public/shares/download', 'post'>;

/** The bytes come back as they are, not JSON: hence fetch itself, with the documented path and body. */
function fetchShared(grant: string, format: DownloadRequest['format'], disposition: DownloadRequest['disposition']): Promise<Response> {
  const body: DownloadRequest = { grant, format, disposition };
  return fetch('/api/v1/public/shares/download' satisfies PathOf<'post'>, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
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
export async function downloadShared(grant: string, format: DownloadRequest['format']): Promise<boolean> {
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
