import type { DriveGrant } from '../../repositories/consents.repository.js';
import type { UploadedFileRow, UploadFolderRow } from '../../repositories/uploads.repository.js';
import { pathTo } from '../uploads/list-drive.js';

/** At most this many files a consent's picked drive items gain at the top, and a device flow shares there (each is read on a listing). */
export const MAX_TOP_FILES = 500;

/**
 * What part of the resident's drive a consent shows, from its grant (null: the whole drive).
 * A granted folder covers everything under it, as it is when the requester asks (files added
 * later included); a granted file covers itself. To the requester, the covered folders that are
 * not inside another covered one are the top of the drive: their real parents, and the names of
 * folders above them, are not shown.
 */
export interface DriveView {
  whole: boolean;
  /** The folders at the top as the requester sees it. */
  topFolders: UploadFolderRow[];
  coversFolder(id: string): boolean;
  coversFile(file: Pick<UploadedFileRow, 'id' | 'folder_id'>): boolean;
  /** Granted files outside every covered folder (the top level's files); ids only. */
  looseFiles: string[];
  /** The folder's path as the requester sees it, from the top of what it may see. */
  path(folder: UploadFolderRow): string;
  /** A folder's or file's parent as the requester sees it ('' at its top). */
  parentOf(parentId: string | null): string;
}

export function driveView(all: UploadFolderRow[], grant: DriveGrant | null): DriveView {
  const byId = new Map(all.map((f) => [f.id, f]));
  const granted = new Set(grant?.folders ?? []);
  /** The topmost granted folder at or above `id`; undefined when none is. */
  const coverRoot = (id: string | null): string | undefined => {
    let top: string | undefined;
    for (let cur = id, n = 0; cur && n <= all.length; cur = byId.get(cur)?.parent_id ?? null, n++) if (granted.has(cur)) top = cur;
    return top;
  };
  const coversFolder = (id: string) => byId.has(id) && (grant === null || coverRoot(id) !== undefined);
  return {
    whole: grant === null,
    topFolders: grant === null ? all.filter((f) => f.parent_id === null) : all.filter((f) => granted.has(f.id) && coverRoot(f.parent_id) === undefined),
    coversFolder,
    coversFile: (file) => grant === null || grant.files.includes(file.id) || (file.folder_id !== null && coversFolder(file.folder_id)),
    looseFiles: grant === null ? [] : grant.files,
    path(folder) {
      const chain = pathTo(all, folder);
      const top = grant === null ? 0 : chain.findIndex((f) => f.id === coverRoot(folder.id));
      return `/${chain
        .slice(Math.max(top, 0))
        .map((f) => f.name)
        .join('/')}`;
    },
    parentOf: (parentId) => (parentId !== null && coversFolder(parentId) ? parentId : ''),
  };
}
