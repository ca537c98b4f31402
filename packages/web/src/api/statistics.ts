import { api } from './client';

export interface PlatformStatistics {
  from: string;
  to: string;
  residents: { perDay: { day: string; signedUp: number; aadhaarLinked: number }[]; signedUp: number; aadhaarLinked: number };
  documents: { perDay: { day: string; issued: number }[]; issued: number; byIssuerAndType: { orgId: string; issuerName: string; docType: string; issued: number }[] };
  pulls: { byIssuer: { orgId: string; issuerName: string; issued: number; pending: number; failed: number }[] };
  verifications: { perDay: { day: string; genuine: number; tampered: number; unknown: number }[]; genuine: number; tampered: number; unknown: number };
  bulkJobs: { id: string; orgId: string; status: string; rowsDone: number; rowsOk: number; rowsFailed: number; rowsPerSecond: number; percentDone: number; createdAt: string; finishedAt: string | null }[];
  /** Each issuer's Pull URI endpoint: its last answers and error rate. */
  issuerEndpoints: { orgId: string; issuerName: string; lastSuccessAt: string | null; lastFailureAt: string | null; lastOutcome: string; calls: number; failures: number; errorRate: number }[];
}

/** The operator's dashboard figures (operators only; others get 403). */
export const platformStatistics = (days: number, language: string) =>
  api<PlatformStatistics>('GET', `/api/v1/operator/statistics?days=${days}&language=${encodeURIComponent(language)}`, undefined, { audience: 'staff' });
