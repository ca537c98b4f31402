import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { HOUR_MS, MAX_EXPIRY_HOURS, shareState } from './share-rules.js';
import { shareView, type ShareView } from './share-view.js';

/** Moves a live link's expiry to `hours` from now (at most 30 days). A dead link stays dead. */
export async function extendShare(deps: DomainDeps, actor: ResidentActor, context: RequestContext, shareId: string, hours: number): Promise<ShareView> {
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_EXPIRY_HOURS) {
    throw new AppError('validation_failed', `A link lasts from 1 hour to ${MAX_EXPIRY_HOURS} hours (30 days) from now.`, {
      errors: [{ path: '/body/expiresInHours', message: 'out of range' }],
    });
  }
  const share = await deps.repos.shares.findOwned(actor.residentId, shareId);
  if (!share) throw new AppError('not_found', 'You have no share with that id.');
  const now = deps.clock.now();
  const expiresAt = now + hours * HOUR_MS;
  if (shareState(share, now) !== 'live' || !(await deps.repos.shares.setExpiry(actor.residentId, shareId, expiresAt, now))) {
    throw new AppError('conflict', 'This link has ended (expired, revoked, used up or locked); make a new one.');
  }
  await recordActivity(deps, actor.residentId, 'share_extended', context, { shareId, document: share.title, expiresAt: new Date(expiresAt).toISOString() });
  return shareView(deps, { ...share, expires_at: expiresAt }, [], now);
}
