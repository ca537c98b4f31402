import { call } from './client';
import type { Answer } from './types';

export type AuditPage = Answer<'/api/v1/audit-log', 'get'>;
export type AuditEntry = AuditPage['entries'][number];
export type AuditChainCheck = Answer<'/api/v1/audit-log/verify', 'get'>;

const STAFF = { audience: 'staff' } as const;

/** Operators only: entries after `afterSeq`, oldest first. */
export const listAudit = (afterSeq: number, limit: number) => call('get', '/api/v1/audit-log', { query: { afterSeq, limit } }, STAFF);

/** Operators only: recompute the whole hash chain on the server. */
export const verifyAuditChain = () => call('get', '/api/v1/audit-log/verify', {}, STAFF);
