import { AppError } from '../../lib/errors.js';
import type { UploadedFileRow, UploadFolderRow } from '../../repositories/uploads.repository.js';
import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';

/** The same answer for another resident's file as for one that does not exist (no IDOR oracle). */
export const fileNotFound = () => new AppError('not_found', 'No such file.');
export const folderNotFound = () => new AppError('not_found', 'No such folder.');

/** A file of the actor's, binned or not; anyone else's is "not found". */
export async function findOwnedFile(deps: Pick<DomainDeps, 'repos'>, actor: ResidentActor, fileId: string): Promise<UploadedFileRow> {
  const row = await deps.repos.uploads.findFile(fileId);
  if (!row || row.resident_id !== actor.residentId) throw fileNotFound();
  return row;
}

export async function findOwnedFolder(deps: Pick<DomainDeps, 'repos'>, actor: ResidentActor, folderId: string): Promise<UploadFolderRow> {
  const row = await deps.repos.uploads.findFolder(folderId);
  if (!row || row.resident_id !== actor.residentId) throw folderNotFound();
  return row;
}
