import { api } from './client';

const STAFF = { audience: 'staff' } as const;

export interface Requester {
  id: string;
  clientId: string;
  status: 'active' | 'suspended';
  createdAt: string;
  names: { en: string; hi?: string; gu?: string };
  purpose: { en: string; hi?: string; gu?: string };
  redirectUris: string[];
  scopes: string[];
  docTypes: string[];
  consentDays: number;
}

export type NewRequester = Omit<Requester, 'id' | 'clientId' | 'status' | 'createdAt'>;

export const listRequesters = () => api<{ requesters: Requester[] }>('GET', '/api/v1/requesters', undefined, STAFF);
export const registerRequester = (input: NewRequester) => api<Requester & { clientSecret: string }>('POST', '/api/v1/requesters', input, STAFF);
export const setRequesterStatus = (clientId: string, action: 'suspend' | 'resume') => api<Requester>('POST', `/api/v1/requesters/${encodeURIComponent(clientId)}/${action}`, {}, STAFF);
export const rotateRequesterSecret = (clientId: string) => api<{ clientId: string; clientSecret: string }>('POST', `/api/v1/requesters/${encodeURIComponent(clientId)}/rotate-secret`, {}, STAFF);
