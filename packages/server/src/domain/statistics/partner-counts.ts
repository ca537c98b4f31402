import type { DomainDeps } from '../context.js';
import type { RequesterRow } from '../../repositories/requesters.repository.js';
import { statDay } from './stat-day.js';

/** The DigiLocker partner API's `statistics/1/counts` answer (field spellings as in the original). */
export interface PartnerCounts {
  users: number;
  authentic_documents: number;
  issuers: number;
  requestors: number;
  /** The day the counts are for, YYYY-MM-DD (Indian time). */
  count_as_on: string;
  /** Residents who signed up, per month (`YYYY-MM`). */
  monthwise_registations: Record<string, number>;
  /** Documents issued into lockers, per year (`YYYY`). */
  yearwise_authentic_documents: Record<string, number>;
}

/** Counters start with the platform; nothing is dated before this. */
const FIRST_DAY = '2000-01-01';

/**
 * Platform counts for a registered requester (the meta call has already authenticated it). Read
 * from the same daily counters as the operator's dashboard, grouped by month and year: the cost
 * grows with the days the platform has run, never with the number of residents or documents.
 * The directory counts (issuers, requesters) are of directories that hold hundreds of rows.
 */
export async function partnerCounts(deps: DomainDeps, _requester: RequesterRow): Promise<PartnerCounts> {
  await deps.verificationTally?.flush();
  const today = statDay(deps.clock.now());
  const [daily, issuers, requesters] = await Promise.all([
    deps.repos.stats.daily(['residents_signed_up', 'documents_issued'], FIRST_DAY, today, false),
    deps.repos.issuers.list({ status: 'active' }),
    deps.repos.requesters.list(),
  ]);
  const monthly: Record<string, number> = {};
  const yearly: Record<string, number> = {};
  let users = 0;
  let documents = 0;
  for (const row of daily) {
    const n = Number(row.n);
    if (row.metric === 'residents_signed_up') {
      users += n;
      const month = row.day.slice(0, 7);
      monthly[month] = (monthly[month] ?? 0) + n;
    } else {
      documents += n;
      const year = row.day.slice(0, 4);
      yearly[year] = (yearly[year] ?? 0) + n;
    }
  }
  return {
    users,
    authentic_documents: documents,
    issuers: issuers.length,
    requestors: requesters.filter((r) => r.status === 'active').length,
    count_as_on: today,
    monthwise_registations: monthly,
    yearwise_authentic_documents: yearly,
  };
}
