import { AppError } from '../../lib/errors.js';
import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { toMe, type Me } from './me.js';

export async function getMe(deps: DomainDeps, actor: ResidentActor): Promise<Me> {
  const r = await deps.repos.residents.findById(actor.residentId);
  if (!r || r.status !== 'active') throw new AppError('unauthenticated', 'Please sign in.');
  return toMe(deps, r);
}

export async function updateMe(deps: DomainDeps, actor: ResidentActor, patch: { language?: string }): Promise<Me> {
  if (patch.language !== undefined) {
    await deps.repos.residents.update(actor.residentId, { language: patch.language, updated_at: deps.clock.now() });
  }
  return getMe(deps, actor);
}
