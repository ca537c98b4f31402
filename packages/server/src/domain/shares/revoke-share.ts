import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';

/** Kills one of the actor's links at once. Someone else's link looks missing. */
export async function revokeShare(deps: DomainDeps, actor: ResidentActor, context: RequestContext, shareId: string): Promise<void> {
  const share = await deps.repos.shares.findOwned(actor.residentId, shareId);
  if (!share) throw new AppError('not_found', 'You have no share with that id.');
  const revoked = await deps.repos.shares.revoke(actor.residentId, shareId, deps.clock.now());
  for (const s of revoked) await recordActivity(deps, actor.residentId, 'share_revoked', context, { shareId: s.id, document: s.title });
}

/** "Stop all shares": every live link of the actor, in one statement. */
export async function revokeAllShares(deps: DomainDeps, actor: ResidentActor, context: RequestContext): Promise<number> {
  const revoked = await deps.repos.shares.revoke(actor.residentId, null, deps.clock.now());
  for (const s of revoked) await recordActivity(deps, actor.residentId, 'share_revoked', context, { shareId: s.id, document: s.title, all: true });
  return revoked.length;
}
