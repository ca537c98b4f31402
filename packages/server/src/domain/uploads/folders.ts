import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { sanitizeName } from './file-names.js';
import { findOwnedFolder } from './find-owned.js';
import { pathTo } from './list-drive.js';
import { toFolderView, type FolderView } from './views.js';

const MAX_FOLDERS = 500;

/** Every folder of the actor's, each with its full path (for "move to" choices). */
export async function listFolders(deps: DomainDeps, actor: ResidentActor): Promise<(FolderView & { path: string[] })[]> {
  const all = await deps.repos.uploads.listAllFolders(actor.residentId);
  return all.map((f) => ({ ...toFolderView(f), path: pathTo(all, f).map((p) => p.name) })).sort((a, b) => a.path.join('/').localeCompare(b.path.join('/')));
}

export async function createFolder(deps: DomainDeps, actor: ResidentActor, input: { name: string; parentId?: string | null }): Promise<FolderView> {
  const name = sanitizeName(input.name, 'folder');
  const parentId = input.parentId ?? null;
  if (parentId !== null) await findOwnedFolder(deps, actor, parentId);
  if ((await deps.repos.uploads.listAllFolders(actor.residentId)).length >= MAX_FOLDERS) {
    throw new AppError('validation_failed', `You can have at most ${MAX_FOLDERS} folders.`);
  }
  const now = deps.clock.now();
  const row = { id: deps.ids.uuidv7(), resident_id: actor.residentId, parent_id: parentId, name, created_at: now, updated_at: now };
  await deps.repos.uploads.insertFolder(row);
  return toFolderView(row);
}

/** Rename and/or move a folder; moving it into itself or one of its own sub-folders is refused. */
export async function updateFolder(
  deps: DomainDeps,
  actor: ResidentActor,
  folderId: string,
  changes: { name?: string; parentId?: string | null },
): Promise<FolderView> {
  const folder = await findOwnedFolder(deps, actor, folderId);
  const patch: { name?: string; parent_id?: string | null } = {};
  if (changes.name !== undefined) patch.name = sanitizeName(changes.name, 'folder');
  if (changes.parentId !== undefined) {
    if (changes.parentId !== null) {
      await findOwnedFolder(deps, actor, changes.parentId);
      const all = await deps.repos.uploads.listAllFolders(actor.residentId);
      if (subtreeOf(all, folder.id).includes(changes.parentId))
        throw new AppError('folder_cycle', 'A folder cannot be moved into itself or into one of its own folders.');
    }
    patch.parent_id = changes.parentId;
  }
  const now = deps.clock.now();
  await deps.repos.uploads.updateFolder(folder.id, { ...patch, updated_at: now });
  return toFolderView({ ...folder, ...patch, updated_at: now });
}

/** Deletes a folder and its sub-folders; every file in them goes to the bin (restorable to the top level). */
export async function deleteFolder(deps: DomainDeps, actor: ResidentActor, folderId: string, context: RequestContext | null): Promise<{ binnedFiles: number }> {
  const folder = await findOwnedFolder(deps, actor, folderId);
  const all = await deps.repos.uploads.listAllFolders(actor.residentId);
  const doomed = subtreeOf(all, folder.id);
  const now = deps.clock.now();
  const binned = await deps.transaction(async (repos) => {
    const files = await repos.uploads.binFilesIn(actor.residentId, doomed, now);
    await repos.uploads.deleteFolders(doomed);
    for (const f of files)
      await recordActivity({ clock: deps.clock, ids: deps.ids, repos }, actor.residentId, 'file_binned', context, { fileId: f.id, name: f.name });
    return files.length;
  });
  return { binnedFiles: binned };
}

/** The folder and every folder below it. */
export function subtreeOf(all: { id: string; parent_id: string | null }[], rootId: string): string[] {
  const children = new Map<string, string[]>();
  for (const f of all) if (f.parent_id) children.set(f.parent_id, [...(children.get(f.parent_id) ?? []), f.id]);
  const out: string[] = [];
  const queue = [rootId];
  while (queue.length > 0 && out.length <= all.length) {
    const id = queue.shift()!;
    out.push(id);
    queue.push(...(children.get(id) ?? []));
  }
  return out;
}
