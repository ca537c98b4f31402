import type { Readable } from 'node:stream';
import { AppError } from '../../lib/errors.js';
import type { UploadedFileRow } from '../../repositories/uploads.repository.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { fileNotFound, findOwnedFile } from './find-owned.js';
import { toFileView, type UploadedFileView } from './views.js';
import { readStoredBlob } from '../blobs/read-blob.js';

/** One of the actor's files, as the API shows it (binned files included). */
export async function getUploadedFile(deps: Pick<DomainDeps, 'repos'>, actor: ResidentActor, fileId: string): Promise<UploadedFileView> {
  return toFileView(await findOwnedFile(deps, actor, fileId));
}

/**
 * For features that act on an uploaded file (sharing, eSign): the actor's own file, not in the
 * bin and scanned clean, or an error. Its `sha256` names the immutable blob of its current version.
 */
export async function getUploadedFileForOwner(deps: Pick<DomainDeps, 'repos'>, actor: ResidentActor, fileId: string): Promise<UploadedFileRow> {
  const row = await findOwnedFile(deps, actor, fileId);
  if (row.deleted_at !== null) throw fileNotFound();
  if (row.status === 'scanning') throw new AppError('file_not_ready', 'The file is still being scanned for viruses; try again in a moment.');
  if (row.status === 'refused') throw new AppError('malware_found', 'The virus scanner refused this file; it cannot be opened.');
  return row;
}

/** The bytes of the actor's file, for download or preview; logged in the activity chain. */
export async function openUploadedFile(
  deps: DomainDeps,
  actor: ResidentActor,
  fileId: string,
  context: RequestContext | null,
): Promise<{ file: UploadedFileView; stream: Readable; size: number }> {
  const row = await getUploadedFileForOwner(deps, actor, fileId);
  const blob = await readStoredBlob(deps, row.sha256, `uploaded file ${row.id}`);
  await recordActivity(deps, actor.residentId, 'file_downloaded', context, { fileId: row.id, name: row.name });
  return { file: toFileView(row), stream: blob.stream, size: blob.size };
}
