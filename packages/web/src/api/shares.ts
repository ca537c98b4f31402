import { api } from './client';

export type ShareState = 'live' | 'expired' | 'revoked' | 'used_up' | 'locked';
export type SharerShown = 'masked' | 'full' | 'first';

export interface Share {
  id: string;
  url: string;
  target: { kind: string; version: number; title: string };
  state: ShareState;
  note: string | null;
  allowDownload: boolean;
  sharerShown: SharerShown;
  sharerLabel: string;
  pinProtected: boolean;
  maxViews: number | null;
  viewCount: number;
  views: { at: string; device: string }[];
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export interface NewShare {
  target: { kind: 'issued'; uri: string };
  expiresInHours?: number;
  maxViews?: number;
  pin?: string;
  note?: string;
  allowDownload?: boolean;
  sharerShown?: SharerShown;
}

export interface OpenedShare {
  share: { sharedBy: string; note: string | null; sharedAt: string; openedAt: string; expiresAt: string; viewsLeft: number | null; allowDownload: boolean };
  document: {
    kind: 'issued';
    title: string;
    uri: string;
    docType: { code: string; name: string };
    issuer: { orgId: string; name: string };
    holder: { name: string; nameLocal?: string; birthDate?: string };
    fields: { key: string; label: string; value: string }[];
    issuedOn: string;
    validFrom: string | null;
    validTo: string | null;
    version: number;
    verificationCode: string;
    qrPayload: string;
    verification: { verdict: string; status: string | null; superseded: boolean; checkedAt: string };
  };
  downloadGrant: string | null;
}

export const listShares = () => api<{ live: Share[]; past: Share[] }>('GET', '/api/v1/me/shares');
export const createShare = (input: NewShare) => api<Share & { token: string }>('POST', '/api/v1/me/shares', input);
export const revokeShare = (id: string) => api<void>('DELETE', `/api/v1/me/shares/${encodeURIComponent(id)}`);
export const extendShare = (id: string, expiresInHours: number) => api<Share>('POST', `/api/v1/me/shares/${encodeURIComponent(id)}/extend`, { expiresInHours });
export const revokeAllShares = () => api<{ revoked: number }>('POST', '/api/v1/me/shares/revoke-all');

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
