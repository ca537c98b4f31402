import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { fileNotFound, findOwnedFile } from './find-owned.js';
import { toFileView, type UploadedFileView } from './views.js';

/** Moves the actor's file to the bin, from which it is purged after 30 days. */
export async function binUploadedFile(deps: DomainDeps, actor: ResidentActor, fileId: string, context: RequestContext | null): Promise<UploadedFileView> {
  const row = await findOwnedFile(deps, actor, fileId);
  if (row.deleted_at !== null) return toFileView(row);
  const now = deps.clock.now();
  await deps.transaction(async (repos) => {
    await repos.uploads.updateFile(row.id, { deleted_at: now, updated_at: now });
    await recordActivity({ clock: deps.clock, ids: deps.ids, repos }, actor.residentId, 'file_binned', context, { fileId: row.id, name: row.name });
  });
  return toFileView({ ...row, deleted_at: now, updated_at: now });
}

/** Takes a file out of the bin, back into its folder (or the top level if that folder is gone). */
export async function restoreUploadedFile(deps: DomainDeps, actor: ResidentActor, fileId: string, context: RequestContext | null): Promise<UploadedFileView> {
  const row = await findOwnedFile(deps, actor, fileId);
  if (row.deleted_at === null) throw fileNotFound();
  const folder = row.folder_id ? await deps.repos.uploads.findFolder(row.folder_id) : undefined;
  const folderId = folder ? row.folder_id : null;
  const now = deps.clock.now();
  await deps.transaction(async (repos) => {
    await repos.uploads.updateFile(row.id, { deleted_at: null, folder_id: folderId, updated_at: now });
    await recordActivity({ clock: deps.clock, ids: deps.ids, repos }, actor.residentId, 'file_restored', context, { fileId: row.id, name: row.name });
  });
  return toFileView({ ...row, deleted_at: null, folder_id: folderId, updated_at: now });
}
