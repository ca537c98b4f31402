import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { shareView, type ShareView } from './share-view.js';

const LIST_LIMIT = 200;
const VIEWS_PER_SHARE = 50;

/** The actor's own links, newest first, split into live and past, each with its latest views. */
export async function listShares(deps: DomainDeps, actor: ResidentActor): Promise<{ live: ShareView[]; past: ShareView[] }> {
  const rows = await deps.repos.shares.listForResident(actor.residentId, LIST_LIMIT);
  const views = await deps.repos.shares.viewsOf(
    rows.map((r) => r.id),
    VIEWS_PER_SHARE,
  );
  const now = deps.clock.now();
  const all = rows.map((r) =>
    shareView(
      deps,
      r,
      views.filter((v) => v.share_id === r.id),
      now,
    ),
  );
  return { live: all.filter((s) => s.state === 'live'), past: all.filter((s) => s.state !== 'live') };
}
