import { api } from './client';
import type { Answer } from './types';

export type AuditPage = Answer<'/api/v1/audit-log', 'get'>;
export type AuditEntry = AuditPage['entries'][number];
export type AuditChainCheck = Answer<'/api/v1/audit-log/verify', 'get'>;

const STAFF = { audience: 'staff' } as const;

/** Operators only: entries after `afterSeq`, oldest first. */
export const listAudit = (afterSeq: number, limit: number) => api<AuditPage>('GET', `/api/v1/audit-log?afterSeq=${afterSeq}&limit=${limit}`, undefined, STAFF);

/** Operators only: recompute the whole hash chain on the server. */
export const verifyAuditChain = () => api<AuditChainCheck>('GET', '/api/v1/audit-log/verify', undefined, STAFF);
