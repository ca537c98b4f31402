import { api } from './client';
import type {
  IssuerSettings,
  BulkJob,
  BulkRejectionPage,
  DocumentType,
  IssueInput,
  IssueResult,
  Issuer,
  IssuerStats,
  IssuerWithTypes,
  NewCredential,
  NewDocumentTypeInput,
  NewIssuerInput,
  BulkJobList,
  IssuerList,
  IssuerPatch,
  NewCredentialInput,
  RotatedKey,
  StatusChangeInput,
  StatusChanged,
} from './types';

const STAFF = { audience: 'staff' } as const;
const PUBLIC = { audience: 'public' } as const;
const org = (orgId: string) => `/api/v1/issuers/${encodeURIComponent(orgId)}`;

/** The public directory: active issuers whose name (in any language) contains `q`. */
export function searchIssuers(filter: { q?: string; category?: string; state?: string } = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
  const qs = query.toString();
  return api<IssuerList>('GET', `/api/v1/issuers${qs ? `?${qs}` : ''}`, undefined, PUBLIC);
}

export const getIssuer = (orgId: string) => api<IssuerWithTypes>('GET', org(orgId), undefined, PUBLIC);

/** Every public key the issuer has signed with. */
export const jwksUrl = (orgId: string) => `/issuers/${encodeURIComponent(orgId)}/jwks.json`;

// Console: operators and issuer staff (the staff session cookie).

export const registerIssuer = (input: NewIssuerInput) => api<Issuer>('POST', '/api/v1/issuers', input, STAFF);

/** Operators: suspend or reinstate an issuer, or change how it is pulled from. */
export const updateIssuer = (orgId: string, patch: IssuerPatch) =>
  api<Issuer>('PATCH', org(orgId), patch, STAFF);

/** Operators: how an issuer is reached, including its Pull URI endpoint URL (not in the public directory entry). */
export const getIssuerSettings = (orgId: string) => api<IssuerSettings>('GET', `${org(orgId)}/settings`, undefined, STAFF);

export const addDocumentType = (orgId: string, input: NewDocumentTypeInput) => api<DocumentType>('POST', `${org(orgId)}/document-types`, input, STAFF);

export const createCredential = (orgId: string, input: NewCredentialInput) =>
  api<NewCredential>('POST', `${org(orgId)}/credentials`, input, STAFF);

export const rotateKeys = (orgId: string) => api<RotatedKey>('POST', `${org(orgId)}/keys/rotate`, {}, STAFF);

export const issuerStats = (orgId: string) => api<IssuerStats>('GET', `${org(orgId)}/stats`, undefined, STAFF);

export const issueDocument = (orgId: string, input: IssueInput) => api<IssueResult>('POST', `${org(orgId)}/documents`, input, STAFF);

export const changeDocumentStatus = (orgId: string, uri: string, input: StatusChangeInput) =>
  api<StatusChanged>('POST', `${org(orgId)}/documents/${encodeURIComponent(uri)}/status`, input, STAFF);

/** Starts a bulk issue: the file itself is the body (CSV or NDJSON). Answers 202 with the job. */
export const startBulkJob = (orgId: string, file: Blob, contentType: string) =>
  api<BulkJob>('POST', `${org(orgId)}/bulk-jobs`, undefined, { ...STAFF, raw: { body: file, contentType } });

export const getBulkJob = (orgId: string, id: string) => api<BulkJob>('GET', `${org(orgId)}/bulk-jobs/${encodeURIComponent(id)}`, undefined, STAFF);


export const listBulkJobs = (orgId: string) => api<BulkJobList>('GET', `${org(orgId)}/bulk-jobs`, undefined, STAFF);

export function listBulkRejectionsPage(orgId: string, id: string, after = 0, limit = 100) {
  const query = new URLSearchParams({ after: String(after), limit: String(limit) });
  return api<BulkRejectionPage>('GET', `${org(orgId)}/bulk-jobs/${encodeURIComponent(id)}/rejections?${query.toString()}`, undefined, STAFF);
}
