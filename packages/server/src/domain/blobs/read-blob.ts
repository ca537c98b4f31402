import type { BlobRead } from '../../blobs/blob-store.js';
import { AppError } from '../../lib/errors.js';
import type { DomainDeps } from '../context.js';

/**
 * The bytes of a blob that a row names, for reading. A row never names bytes that were not stored
 * (writers record their blob in the transaction that names it, and purges re-check references),
 * so a missing blob is lost storage (a disk or bucket restored without it): the reader is told
 * clearly that this file cannot be read now (503 content_unreadable, nothing changed), and the
 * operator finds the blob and the row in the error log, where every 5xx is written.
 */
export async function readStoredBlob(deps: Pick<DomainDeps, 'blobs'>, sha256: string, of: string): Promise<BlobRead> {
  const blob = await deps.blobs.get(sha256);
  if (!blob) throw contentUnreadable(new Error(`blob ${sha256} of ${of} is missing from the blob store`));
  return blob;
}

export function contentUnreadable(cause: unknown): AppError {
  return new AppError(
    'content_unreadable',
    'The stored contents of this file cannot be read right now. Nothing was changed, and the operator has been told; try again later.',
    undefined,
    { cause },
  );
}
