import type { Readable } from 'node:stream';
import { AppError } from '../../lib/errors.js';
import type { UploadedFileRow, UploadFolderRow } from '../../repositories/uploads.repository.js';
import type { DomainDeps } from '../context.js';
import { driveView } from './drive-grant.js';
import { audit, onBehalf, requireScope } from './requester-access.js';
import type { RequesterActor } from '../actors.js';
import { readStoredBlob } from '../blobs/read-blob.js';

/**
 * An uploaded file's URI in the partner API: a fixed org id and type no issuer's URI can have
 * (issuers' URIs are checked against their own org id) and the file's id without dashes.
 */
const UPLOADED_URI = /^in\.tijori\.drive-UPLD-([0-9a-f]{32})$/;
export const uploadedFileUri = (fileId: string): string => `in.tijori.drive-UPLD-${fileId.replaceAll('-', '')}`;
export const isUploadedFileUri = (uri: string): boolean => UPLOADED_URI.test(uri);
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface DriveItem {
  id: string;
  name: string;
  type: 'dir' | 'file';
  size: string;
  date: string;
  parent: string;
  mime: string;
  uri: string;
  description: string;
  issuer: string;
}

const MAX_FILES = 1000;
const date = (ms: number) => new Date(Number(ms)).toISOString().replace(/\.\d{3}Z$/, 'Z');
const noFolder = () => new AppError('invalid_id', 'The folder does not exist');

const folderItem = (f: UploadFolderRow, parent: string): DriveItem => ({
  id: f.id,
  name: f.name,
  type: 'dir',
  size: '',
  date: date(f.created_at),
  parent,
  mime: '',
  uri: '',
  description: '',
  issuer: '',
});
const fileItem = (f: UploadedFileRow, parent: string): DriveItem => ({
  id: f.id,
  name: f.name,
  type: 'file',
  size: String(Number(f.size_bytes)),
  date: date(f.updated_at),
  parent,
  mime: f.media_type,
  uri: uploadedFileUri(f.id),
  description: f.description,
  issuer: '',
});
const readable = (f: UploadedFileRow | undefined, residentId: string): f is UploadedFileRow =>
  f !== undefined && f.resident_id === residentId && f.deleted_at === null && f.status === 'clean';
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * One folder of the resident's drive (the top level without `folderId`), under the consent's
 * `files.uploadeddocs`: its sub-folders and its files that are scanned clean and not in the bin,
 * as far as the consent covers them (drive-grant.ts). Another resident's folder, one the consent
 * does not cover, or a malformed id, is "does not exist".
 */
export async function requesterDriveFolder(deps: DomainDeps, access: RequesterActor, folderId?: string): Promise<{ directory: string; items: DriveItem[] }> {
  requireScope(access, 'files.uploadeddocs');
  if (folderId !== undefined && !ID.test(folderId)) throw noFolder();
  const all = await deps.repos.uploads.listAllFolders(access.residentId);
  const view = driveView(all, access.uploads);
  const folder = folderId === undefined ? null : all.find((f) => f.id === folderId);
  if (folder === undefined || (folder && !view.coversFolder(folder.id))) throw noFolder();
  let folders: UploadFolderRow[];
  let files: UploadedFileRow[];
  if (folder || view.whole) {
    folders = all.filter((f) => f.parent_id === (folder?.id ?? null)).sort(byName);
    files = await deps.repos.uploads.listFiles({
      residentId: access.residentId,
      folderId: folder?.id ?? null,
      bin: false,
      sort: 'name',
      order: 'asc',
      limit: MAX_FILES,
    });
  } else {
    folders = view.topFolders.sort(byName);
    const granted = await deps.repos.uploads.findFiles(access.residentId, view.looseFiles);
    files = granted.filter((f) => !(f.folder_id !== null && view.coversFolder(f.folder_id))).sort(byName);
  }
  await audit(deps, access, 'files', folder?.id);
  return {
    directory: folder ? view.path(folder) : '/',
    items: [
      ...folders.map((f) => folderItem(f, view.parentOf(f.parent_id))),
      ...files.filter((f) => readable(f, access.residentId)).map((f) => fileItem(f, view.parentOf(f.folder_id))),
    ],
  };
}

/** The bytes of an uploaded file by its URI, under `files.uploadeddocs`; anything else is `invalid_uri`. */
export async function requesterUploadedFile(
  deps: DomainDeps,
  access: RequesterActor,
  uri: string,
): Promise<{ stream: Readable; size: number; filename: string; mediaType: string }> {
  requireScope(access, 'files.uploadeddocs');
  const hex = UPLOADED_URI.exec(uri)?.[1];
  const id = hex ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` : '';
  const row = id ? await deps.repos.uploads.findFile(id) : undefined;
  const covered = async (f: UploadedFileRow) =>
    access.uploads === null || driveView(await deps.repos.uploads.listAllFolders(access.residentId), access.uploads).coversFile(f);
  if (!readable(row, onBehalf(access).residentId) || !(await covered(row))) throw new AppError('invalid_uri', 'No file found for given URI.');
  const blob = await readStoredBlob(deps, row.sha256, `uploaded file ${row.id}`);
  await audit(deps, access, 'file', uri);
  return { stream: blob.stream, size: blob.size, filename: row.name, mediaType: row.media_type };
}
