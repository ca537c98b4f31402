import { call, href } from './client';
import type { Answer, BodyOf, IssueInput, IssuerPatch, NewCredentialInput, NewDocumentTypeInput, NewIssuerInput, QueryOf, StatusChangeInput } from './types';

const STAFF = { audience: 'staff' } as const;
const PUBLIC = { audience: 'public' } as const;

/** The public directory: active issuers whose name (in any language) contains `q`. */
export const searchIssuers = ({ q, category, state }: QueryOf<'/api/v1/issuers', 'get'> = {}) =>
  call('get', '/api/v1/issuers', { query: { q, category, state } }, PUBLIC);

/** "Get a document": issuers and document types by any name, ranked (exact, prefix, contains, another name). */
export const searchDirectory = (q: string) => call('get', '/api/v1/directory/search', { query: { q } }, PUBLIC);

export const getIssuer = (orgId: string) => call('get', '/api/v1/issuers/{orgId}', { params: { orgId } }, PUBLIC);

/** Every public key the issuer has signed with. */
export const jwksUrl = (orgId: string) => href('/issuers/{orgId}/jwks.json', { params: { orgId } });

// Console: operators and issuer staff (the staff session cookie).

export const registerIssuer = (input: NewIssuerInput) => call('post', '/api/v1/issuers', { body: input }, STAFF);

/** Operators: suspend or reinstate an issuer, or change how it is pulled from. */
export const updateIssuer = (orgId: string, patch: IssuerPatch) => call('patch', '/api/v1/issuers/{orgId}', { params: { orgId }, body: patch }, STAFF);

/** Operators: how an issuer is reached, including its Pull URI endpoint URL (not in the public directory entry). */
export const getIssuerSettings = (orgId: string) => call('get', '/api/v1/issuers/{orgId}/settings', { params: { orgId } }, STAFF);

export const addDocumentType = (orgId: string, input: NewDocumentTypeInput) =>
  call('post', '/api/v1/issuers/{orgId}/document-types', { params: { orgId }, body: input }, STAFF);

export const createCredential = (orgId: string, input: NewCredentialInput) =>
  call('post', '/api/v1/issuers/{orgId}/credentials', { params: { orgId }, body: input }, STAFF);

export const rotateKeys = (orgId: string) => call('post', '/api/v1/issuers/{orgId}/keys/rotate', { params: { orgId }, body: {} }, STAFF);

export const issuerStats = (orgId: string) => call('get', '/api/v1/issuers/{orgId}/stats', { params: { orgId } }, STAFF);

export const issueDocument = (orgId: string, input: IssueInput) => call('post', '/api/v1/issuers/{orgId}/documents', { params: { orgId }, body: input }, STAFF);

export const changeDocumentStatus = (orgId: string, uri: string, input: StatusChangeInput) =>
  call('post', '/api/v1/issuers/{orgId}/documents/{uri}/status', { params: { orgId, uri }, body: input }, STAFF);

/** Starts a bulk issue: the file itself is the body (CSV or NDJSON). Answers 202 with the job. */
export const startBulkJob = (orgId: string, file: Blob, contentType: string) =>
  call('post', '/api/v1/issuers/{orgId}/bulk-jobs', { params: { orgId } }, { ...STAFF, raw: { body: file, contentType } });

export const getBulkJob = (orgId: string, jobId: string) => call('get', '/api/v1/issuers/{orgId}/bulk-jobs/{jobId}', { params: { orgId, jobId } }, STAFF);

export const listBulkJobs = (orgId: string) => call('get', '/api/v1/issuers/{orgId}/bulk-jobs', { params: { orgId } }, STAFF);

export const listBulkRejectionsPage = (orgId: string, jobId: string, after = 0, limit = 100) =>
  call('get', '/api/v1/issuers/{orgId}/bulk-jobs/{jobId}/rejections', { params: { orgId, jobId }, query: { after, limit } }, STAFF);

export type DocumentSearch = BodyOf<'/api/v1/issuers/{orgId}/documents/search', 'post'>;
export type IssuedDocumentMatch = Answer<'/api/v1/issuers/{orgId}/documents/search', 'post'>['documents'][number];

/** Issuer staff: their own issuer's documents by URI, number, holder name, mobile or Aadhaar (in the body, never the URL). */
export const searchIssuedDocuments = (orgId: string, search: DocumentSearch) =>
  call('post', '/api/v1/issuers/{orgId}/documents/search', { params: { orgId }, body: search }, STAFF);
