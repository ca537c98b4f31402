import type { BlobStore } from '../../blobs/blob-store.js';
import type { BlobRow } from '../../repositories/blobs.repository.js';
import { AppError, isAppError } from '../../lib/errors.js';
import type { Repositories } from '../context.js';

/**
 * Records blobs a writer has put, in the transaction that writes what names them (a file's
 * version, a job's source, a rendering…), which it must do before that write. A blob's bytes may
 * have been found already stored by the put and deleted since by a purge of the same content:
 * a purge under way refuses (storage_busy, so the transaction rolls back and nothing is
 * acknowledged); a purge done is forgotten only if the bytes are in the store again (the put
 * wrote them after the purge), otherwise refused the same way. Once recorded, the blob's row
 * makes a later purge wait for this transaction and then see what names the blob.
 */
export async function recordBlobs(deps: { blobs: BlobStore }, repos: Repositories, rows: readonly BlobRow[]): Promise<void> {
  for (const purge of await repos.blobs.insertMany(rows)) {
    if (purge.done_at === null || (await deps.blobs.head(purge.sha256)) === null) throw storageBusy();
    await repos.blobPurges.forget(purge.sha256);
  }
}

export const isStorageBusy = (err: unknown): boolean => isAppError(err) && err.code === 'storage_busy';

const storageBusy = () => new AppError('storage_busy', "This file's storage is being tidied up; try again in a moment.", { retryAfterSeconds: 5 });
