import { call } from './client';
import type { Answer } from './types';

const STAFF = { audience: 'staff' } as const;

export type CredentialList = Answer<'/api/v1/issuers/{orgId}/credentials', 'get'>;
export type CredentialSummary = CredentialList['credentials'][number];

export const listCredentials = (orgId: string) => call('get', '/api/v1/issuers/{orgId}/credentials', { params: { orgId } }, STAFF);

export const revokeCredential = (orgId: string, id: string) => call('delete', '/api/v1/issuers/{orgId}/credentials/{id}', { params: { orgId, id } }, STAFF);

/** Operators only. */
export const setCredentialLegacy = (orgId: string, id: string, legacyKeyhashOnly: boolean) =>
  call('patch', '/api/v1/issuers/{orgId}/credentials/{id}', { params: { orgId, id }, body: { legacyKeyhashOnly } }, STAFF);
