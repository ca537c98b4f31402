import { recordActivity } from '../activity/record-activity.js';
import { finishPurges, purgeBlobs } from '../blobs/purge-blobs.js';
import type { DomainDeps } from '../context.js';
import { BIN_MS, HOUSEKEEPING_LEASE_MS } from './upload-deps.js';

/**
 * Purges files that have been in the bin for 30 days: the file, its versions and its share of
 * the quota go in one transaction; then each of its blobs is deleted unless something else
 * (another file, another resident's identical upload, an issued document…) still names it.
 * First it finishes blob purges a stopped process left half-done (purge-blobs.ts).
 */
export async function purgeBin(deps: DomainDeps, options: { limit?: number; leaseMs?: number } = {}): Promise<{ files: number; blobs: number }> {
  const finished = await finishPurges(deps, deps.clock.now() - (options.leaseMs ?? HOUSEKEEPING_LEASE_MS));
  const due = await deps.repos.uploads.findBinnedBefore(deps.clock.now() - BIN_MS, options.limit ?? 200);
  let files = 0;
  let blobs = finished.finished;
  for (const row of due) {
    const removed = await deps.transaction(async (repos) => {
      const gone = await repos.uploads.deleteFile(row.id);
      if (!gone) return null; // another process purged it first
      await repos.uploads.release(row.resident_id, gone.bytes);
      await recordActivity({ clock: deps.clock, ids: deps.ids, repos }, row.resident_id, 'file_purged', null, { fileId: row.id, name: row.name });
      return gone;
    });
    if (!removed) continue;
    files++;
    blobs += await purgeBlobs(deps, removed.sha256s);
  }
  return { files, blobs };
}
