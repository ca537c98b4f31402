import { api } from './client';
import type { Answer } from './types';

const STAFF = { audience: 'staff' } as const;
const base = (orgId: string) => `/api/v1/issuers/${encodeURIComponent(orgId)}/credentials`;

export type CredentialList = Answer<'/api/v1/issuers/{orgId}/credentials', 'get'>;
export type CredentialSummary = CredentialList['credentials'][number];

export const listCredentials = (orgId: string) => api<CredentialList>('GET', base(orgId), undefined, STAFF);

export const revokeCredential = (orgId: string, id: string) => api<CredentialSummary>('DELETE', `${base(orgId)}/${encodeURIComponent(id)}`, undefined, STAFF);

/** Operators only. */
export const setCredentialLegacy = (orgId: string, id: string, legacyKeyhashOnly: boolean) =>
  api<CredentialSummary>('PATCH', `${base(orgId)}/${encodeURIComponent(id)}`, { legacyKeyhashOnly }, STAFF);
