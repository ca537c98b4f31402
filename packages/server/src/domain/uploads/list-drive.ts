import type { UploadFolderRow } from '../../repositories/uploads.repository.js';
import type { ResidentActor } from '../actors.js';
import { tagsMatching } from './doc-tags.js';
import { findOwnedFolder } from './find-owned.js';
import type { UploadDeps } from './upload-deps.js';
import { toFileView, toFolderView, type FolderView, type UploadedFileView } from './views.js';

export interface DriveQuery {
  folderId?: string | null;
  /** Searches names, descriptions and document-type names in every folder. */
  q?: string;
  tag?: string;
  sort?: 'name' | 'date' | 'size';
  order?: 'asc' | 'desc';
  bin?: boolean;
}

export interface DriveListing {
  folder: FolderView | null;
  /** From the top level down to the folder listed (the folder itself last). */
  breadcrumbs: FolderView[];
  folders: FolderView[];
  files: UploadedFileView[];
  usage: { usedBytes: number; quotaBytes: number };
}

const MAX_FILES = 1000;

/** One folder of the actor's drive (or a search of all of it, or the bin), with the way up. */
export async function listDrive(deps: UploadDeps, actor: ResidentActor, query: DriveQuery): Promise<DriveListing> {
  const folderId = query.folderId ?? null;
  const current = folderId ? await findOwnedFolder(deps, actor, folderId) : null;
  const all = await deps.repos.uploads.listAllFolders(actor.residentId);
  const q = query.q?.trim().toLocaleLowerCase();
  const searching = Boolean(q) || Boolean(query.tag) || query.bin === true;
  const files = await deps.repos.uploads.listFiles({
    residentId: actor.residentId,
    folderId: searching ? undefined : folderId,
    bin: query.bin === true,
    ...(q ? { text: { pattern: `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`, tags: tagsMatching(q) } } : {}),
    ...(query.tag ? { tag: query.tag } : {}),
    sort: query.sort ?? 'date',
    order: query.order ?? (query.sort === 'name' ? 'asc' : 'desc'),
    limit: MAX_FILES,
  });
  return {
    folder: current ? toFolderView(current) : null,
    breadcrumbs: current ? pathTo(all, current).map(toFolderView) : [],
    folders: searching ? [] : all.filter((f) => f.parent_id === folderId).map(toFolderView),
    files: files.map(toFileView),
    usage: { usedBytes: await deps.repos.uploads.usedBytes(actor.residentId), quotaBytes: deps.uploads.quotaBytes },
  };
}

/** The chain of folders from the top level to `folder`. */
export function pathTo(all: UploadFolderRow[], folder: UploadFolderRow): UploadFolderRow[] {
  const byId = new Map(all.map((f) => [f.id, f]));
  const chain: UploadFolderRow[] = [];
  for (let f: UploadFolderRow | undefined = folder; f && chain.length <= all.length; f = f.parent_id ? byId.get(f.parent_id) : undefined) chain.unshift(f);
  return chain;
}
