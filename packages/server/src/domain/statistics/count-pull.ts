import { isAppError } from '../../lib/errors.js';
import { issuerEndpointCalls, issuerEndpointDuration, type EndpointOutcome } from '../../metrics/metrics.js';
import type { DomainDeps } from '../context.js';
import type { PullOutcome } from '../pull/pull-outcome.js';
import { statDay } from './stat-day.js';

/** What an issuer endpoint's answer (or failure) was, in the few words monitoring uses. */
export function endpointOutcome(result: PullOutcome | undefined, err: unknown): EndpointOutcome {
  if (result) return result.status === 'pending' ? 'pending' : 'ok';
  if (!isAppError(err)) return 'error';
  const reason = typeof err.details?.reason === 'string' ? err.details.reason : '';
  if (err.code === 'record_not_found') return 'not_found';
  if (err.code === 'repository_service_unresponsive') return 'timeout';
  if (err.code === 'repository_service_inactive' || err.code === 'repository_service_configerror') return 'refused';
  if (reason === 'hmac_mismatch' || reason === 'signature_invalid' || reason === 'unsigned_certificate') return 'bad_signature';
  if (err.code === 'repository_service_resperror') return 'bad_response';
  return 'error';
}

/**
 * Runs one pull and counts it: the day's pulls per issuer (issued, pending, failed) and, for
 * an issuer's own Pull URI endpoint, the call's outcome and the endpoint's health. A failure to
 * count never fails the resident's pull (the document is already in the locker).
 */
export async function countPull(
  deps: DomainDeps,
  issuer: { id: string; org_id: string },
  remote: boolean,
  pull: () => Promise<PullOutcome>,
): Promise<PullOutcome> {
  const started = performance.now();
  let result: PullOutcome | undefined;
  let failure: unknown;
  try {
    result = await pull();
    return result;
  } catch (err) {
    failure = err;
    throw err;
  } finally {
    const now = deps.clock.now();
    const day = statDay(now);
    const dimension = result ? result.status : 'failed';
    const bumps: Parameters<typeof deps.repos.stats.bump>[0] = [{ metric: 'pulls', day, issuerId: issuer.id, dimension, n: 1 }];
    const writes: Promise<void>[] = [];
    if (remote) {
      const outcome = endpointOutcome(result, failure);
      issuerEndpointCalls.inc({ issuer: issuer.org_id, outcome });
      issuerEndpointDuration.observe({ issuer: issuer.org_id }, (performance.now() - started) / 1000);
      bumps.push({ metric: 'repository_calls', day, issuerId: issuer.id, dimension: outcome, n: 1 });
      // "Not found" is the endpoint working: it answered.
      const answered = outcome === 'ok' || outcome === 'pending' || outcome === 'not_found';
      writes.push(deps.repos.stats.recordEndpointCall(issuer.id, outcome, answered, now));
    }
    writes.push(deps.repos.stats.bump(bumps));
    await Promise.all(writes).catch(() => undefined);
  }
}
