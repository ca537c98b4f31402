import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';

/** Signs out one of the actor's own sessions (the current one when `sessionId` is omitted). */
export async function endSession(deps: DomainDeps, actor: ResidentActor, ctx: RequestContext, sessionId = actor.sessionId): Promise<void> {
  const ended = await deps.repos.sessions.end(actor.residentId, sessionId, sessionId === actor.sessionId ? 'signed_out' : 'revoked', deps.clock.now());
  // Another resident's session id, or one already ended, looks the same: not found.
  if (!ended) throw new AppError('not_found', 'No such active session.');
  await recordActivity(deps, actor.residentId, 'session_ended', ctx, { sessionId, by: sessionId === actor.sessionId ? 'sign_out' : 'revoked' });
}

export async function signOutEverywhere(deps: DomainDeps, actor: ResidentActor, ctx: RequestContext): Promise<number> {
  const count = await deps.repos.sessions.endAll(actor.residentId, 'signed_out_everywhere', deps.clock.now());
  await recordActivity(deps, actor.residentId, 'signed_out_everywhere', ctx, { sessions: count });
  return count;
}
