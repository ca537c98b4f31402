import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { DOC_TAGS } from './doc-tags.js';
import { sanitizeDescription, sanitizeName } from './file-names.js';
import { fileNotFound, findOwnedFile, findOwnedFolder } from './find-owned.js';
import { toFileView, type UploadedFileView } from './views.js';

export interface FileChanges {
  name?: string;
  description?: string;
  tag?: string | null;
  /** null: the top level. */
  folderId?: string | null;
}

/** Rename, describe, tag or move one of the actor's files (not one in the bin). */
export async function updateUploadedFile(
  deps: DomainDeps,
  actor: ResidentActor,
  fileId: string,
  changes: FileChanges,
  context: RequestContext | null,
): Promise<UploadedFileView> {
  const row = await findOwnedFile(deps, actor, fileId);
  if (row.deleted_at !== null) throw fileNotFound();
  const patch: Parameters<typeof deps.repos.uploads.updateFile>[1] = {};
  if (changes.name !== undefined) patch.name = sanitizeName(changes.name);
  if (changes.description !== undefined) patch.description = sanitizeDescription(changes.description);
  if (changes.tag !== undefined) {
    if (changes.tag !== null && !(changes.tag in DOC_TAGS)) throw new AppError('validation_failed', 'Unknown document type.');
    patch.doc_tag = changes.tag;
  }
  if (changes.folderId !== undefined) {
    if (changes.folderId !== null) await findOwnedFolder(deps, actor, changes.folderId);
    patch.folder_id = changes.folderId;
  }
  const now = deps.clock.now();
  await deps.transaction(async (repos) => {
    await repos.uploads.updateFile(row.id, { ...patch, updated_at: now });
    const activity = { clock: deps.clock, ids: deps.ids, repos };
    if (patch.name !== undefined && patch.name !== row.name) {
      await recordActivity(activity, actor.residentId, 'file_renamed', context, { fileId: row.id, name: patch.name, previousName: row.name });
    }
    if (patch.folder_id !== undefined && patch.folder_id !== row.folder_id) {
      await recordActivity(activity, actor.residentId, 'file_moved', context, { fileId: row.id, name: patch.name ?? row.name, folderId: patch.folder_id });
    }
  });
  return toFileView({ ...row, ...patch, updated_at: now });
}
