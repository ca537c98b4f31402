import { api } from './client';
import type { Challenge } from './types';

export interface ConsentRequest {
  requestId: string;
  requester: { name: string; clientId: string; purpose: string };
  redirectHost: string;
  scopes: string[];
  profileFields: string[];
  documents: { uri: string; name: string; docType: string; issuer: { orgId: string; name: string }; issuedOn: string }[];
  validUntil: string;
  expiresAt: string;
}

export interface GrantedConsent {
  id: string;
  requester: { name: string; clientId: string; purpose: string };
  scopes: string[];
  documents: string[];
  grantedAt: string;
  validUntil: string;
  status: 'active' | 'withdrawn' | 'expired';
  withdrawnAt: string | null;
  lastUsedAt: string | null;
  accessCount: number;
}

const path = (id: string) => `/api/v1/consent-requests/${encodeURIComponent(id)}`;

export const getConsentRequest = (id: string) => api<ConsentRequest>('GET', path(id));
export const confirmConsentRequest = (id: string, pin: string, documents: string[]) => api<Challenge>('POST', `${path(id)}/confirm`, { pin, documents });
export const verifyConsentRequest = (id: string, challengeId: string, otp: string) => api<{ redirectTo: string }>('POST', `${path(id)}/verify`, { challengeId, otp });
export const denyConsentRequest = (id: string) => api<{ redirectTo: string }>('POST', `${path(id)}/deny`, {});
export const listConsents = () => api<{ consents: GrantedConsent[] }>('GET', '/api/v1/me/consents');
export const withdrawConsent = (id: string) => api<void>('DELETE', `/api/v1/me/consents/${encodeURIComponent(id)}`);
