import { verifications } from '../../metrics/metrics.js';
import type { DomainDeps } from '../context.js';

/** Counts a verification's verdict (metrics now, daily statistics within seconds) and passes the result on. */
export async function countVerification<T extends { verdict: string }>(
  deps: Pick<DomainDeps, 'verificationTally'>,
  method: 'qr' | 'credential' | 'code' | 'pdf',
  result: Promise<T>,
): Promise<T> {
  const done = await result;
  verifications.inc({ method, verdict: done.verdict });
  deps.verificationTally?.count(done.verdict);
  return done;
}
