import { AppError } from '../../lib/errors.js';
import { SORT_COLUMNS, type UploadedFileRow, type UploadFolderRow } from '../../repositories/uploads.repository.js';
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
  /** Files on a page (default PAGE_SIZE, at most MAX_PAGE_SIZE). */
  limit?: number;
  /** The `nextCursor` of the page before, listed with the same sort and order. */
  cursor?: string;
}

export interface DriveListing {
  folder: FolderView | null;
  /** From the top level down to the folder listed (the folder itself last). */
  breadcrumbs: FolderView[];
  folders: FolderView[];
  files: UploadedFileView[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  usage: { usedBytes: number; quotaBytes: number };
}

export const PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

type Sort = NonNullable<DriveQuery['sort']>;
type Order = NonNullable<DriveQuery['order']>;

/**
 * One page of a folder of the actor's drive (or of a search of all of it, or of the bin), with
 * the way up. Pages continue from the last row of the page before (keyset on the sort column
 * and id, each order with its own index), so page 100 of a folder costs what page 1 does.
 */
export async function listDrive(deps: UploadDeps, actor: ResidentActor, query: DriveQuery): Promise<DriveListing> {
  const sort = query.sort ?? 'date';
  const order = query.order ?? (sort === 'name' ? 'asc' : 'desc');
  const limit = query.limit ?? PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw new AppError('validation_failed', `List 1 to ${MAX_PAGE_SIZE} files at a time.`, {
      errors: [{ path: '/querystring/limit', message: `must be 1 to ${MAX_PAGE_SIZE}` }],
    });
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, sort, order);
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
    sort,
    order,
    ...(after ? { after } : {}),
    limit: limit + 1,
  });
  const page = files.slice(0, limit);
  const last = page.at(-1);
  return {
    folder: current ? toFolderView(current) : null,
    breadcrumbs: current ? pathTo(all, current).map(toFolderView) : [],
    folders: searching ? [] : all.filter((f) => f.parent_id === folderId).map(toFolderView),
    files: page.map(toFileView),
    nextCursor: files.length > limit && last ? encodeCursor(last, sort, order) : null,
    usage: { usedBytes: await deps.repos.uploads.usedBytes(actor.residentId), quotaBytes: deps.uploads.quotaBytes },
  };
}

/** Opaque to clients: the order it was made for, then the last row's sort value and id. */
function encodeCursor(row: UploadedFileRow, sort: Sort, order: Order): string {
  const value = sort === 'name' ? row.name : Number(row[SORT_COLUMNS[sort]]);
  return Buffer.from(JSON.stringify([sort, order, value, row.id])).toString('base64url');
}

function decodeCursor(cursor: string, sort: Sort, order: Order): { value: string | number; id: string } {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  if (Array.isArray(parts) && parts.length === 4) {
    const [s, o, value, id] = parts as unknown[];
    const valueFits = sort === 'name' ? typeof value === 'string' : Number.isSafeInteger(value);
    if (s === sort && o === order && valueFits && typeof id === 'string') return { value: value as string | number, id };
  }
  throw new AppError('validation_failed', 'This cursor is not the next-page cursor of a listing in the same order; start from the first page.', {
    errors: [{ path: '/querystring/cursor', message: 'is not a cursor for this sort and order' }],
  });
}

/** The chain of folders from the top level to `folder`. */
export function pathTo(all: UploadFolderRow[], folder: UploadFolderRow): UploadFolderRow[] {
  const byId = new Map(all.map((f) => [f.id, f]));
  const chain: UploadFolderRow[] = [];
  for (let f: UploadFolderRow | undefined = folder; f && chain.length <= all.length; f = f.parent_id ? byId.get(f.parent_id) : undefined) chain.unshift(f);
  return chain;
}
