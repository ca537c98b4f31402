import type { DomainDeps } from '../context.js';

/** Purges done this long ago are forgotten: every writer that could have read its bytes before it has long finished. */
export const PURGE_KEPT_MS = 24 * 60 * 60 * 1000;

type PurgeDeps = Pick<DomainDeps, 'repos' | 'blobs' | 'clock' | 'transaction'>;

/**
 * Deletes each blob nothing names any more: its row goes and its purge is recorded in one
 * transaction (which waits for, and then sees, a writer recording the same blob), then the
 * bytes, then the purge is marked done. A writer of the same content meanwhile is refused
 * rather than left naming deleted bytes (recordBlobs). How many were deleted.
 */
export async function purgeBlobs(deps: PurgeDeps, sha256s: Iterable<string>): Promise<number> {
  let purged = 0;
  for (const sha256 of new Set(sha256s)) {
    if (!(await deps.transaction((repos) => repos.blobPurges.start(sha256, deps.clock.now())))) continue;
    await deps.blobs.delete(sha256);
    await deps.repos.blobPurges.finish(sha256, deps.clock.now());
    purged++;
  }
  return purged;
}

/**
 * Finishes purges started before `startedBefore` and never finished (the process stopped
 * between forgetting a blob and deleting its bytes; deleting again is harmless), and forgets
 * purges done more than a day ago. Run by one process at a time (the housekeeping lease), with
 * `startedBefore` no later than the lease's start minus its length, so no purge still running
 * is finished under it.
 */
export async function finishPurges(deps: PurgeDeps, startedBefore: number): Promise<{ finished: number; forgotten: number }> {
  const unfinished = await deps.repos.blobPurges.unfinished(startedBefore, 500);
  for (const sha256 of unfinished) {
    await deps.blobs.delete(sha256);
    await deps.repos.blobPurges.finish(sha256, deps.clock.now());
  }
  const forgotten = await deps.repos.blobPurges.prune(deps.clock.now() - PURGE_KEPT_MS);
  return { finished: unfinished.length, forgotten };
}
