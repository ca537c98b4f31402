import { api } from './client';

const STAFF = { audience: 'staff' } as const;
const base = (orgId: string) => `/api/v1/issuers/${encodeURIComponent(orgId)}/credentials`;

export interface CredentialSummary {
  id: string;
  kind: 'api_key' | 'digilocker';
  clientId: string;
  label: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** DigiLocker clients: pushes accepted on keyhash alone, without x-digilocker-hmac. */
  legacyKeyhashOnly: boolean;
}

export const listCredentials = (orgId: string) => api<{ credentials: CredentialSummary[] }>('GET', base(orgId), undefined, STAFF);

export const revokeCredential = (orgId: string, id: string) => api<CredentialSummary>('DELETE', `${base(orgId)}/${encodeURIComponent(id)}`, undefined, STAFF);

/** Operators only. */
export const setCredentialLegacy = (orgId: string, id: string, legacyKeyhashOnly: boolean) =>
  api<CredentialSummary>('PATCH', `${base(orgId)}/${encodeURIComponent(id)}`, { legacyKeyhashOnly }, STAFF);
