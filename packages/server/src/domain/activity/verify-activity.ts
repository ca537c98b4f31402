import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { eventHash, GENESIS_HASH } from './hash-chain.js';

export interface ChainVerdict {
  valid: boolean;
  count: number;
  head: string | null;
  /** The first position whose stored hash or link does not match. */
  brokenAtSeq?: number;
}

/** Recomputes the resident's whole chain from the first event. */
export async function verifyActivityChain(deps: DomainDeps, actor: ResidentActor): Promise<ChainVerdict> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (let after = 0; ; ) {
    const page = await deps.repos.activity.pageOldestFirst(actor.residentId, after, 1000);
    if (page.length === 0) break;
    for (const e of page) {
      const recomputed = eventHash({ residentId: e.resident_id, seq: e.seq, at: e.at, type: e.type, details: e.details, prevHash: e.prev_hash });
      if (e.seq !== expectedSeq || e.prev_hash !== prev || e.hash !== recomputed) {
        return { valid: false, count, head: prev === GENESIS_HASH ? null : prev, brokenAtSeq: expectedSeq };
      }
      prev = e.hash;
      expectedSeq++;
      count++;
      after = e.seq;
    }
  }
  return { valid: true, count, head: count === 0 ? null : prev };
}
