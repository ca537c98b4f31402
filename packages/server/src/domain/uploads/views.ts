import type { UploadedFileRow, UploadFolderRow } from '../../repositories/uploads.repository.js';
import { BIN_MS } from './upload-deps.js';

export interface UploadedFileView {
  id: string;
  name: string;
  description: string;
  tag: string | null;
  mediaType: string;
  sizeBytes: number;
  pages: number | null;
  status: UploadedFileRow['status'];
  folderId: string | null;
  version: number;
  uploadedAt: string;
  updatedAt: string;
  /** Set while the file is in the bin, with the time it will be purged. */
  binnedAt: string | null;
  purgeAt: string | null;
}

export interface FolderView {
  id: string;
  name: string;
  parentId: string | null;
  createdAt: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function toFileView(row: UploadedFileRow): UploadedFileView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tag: row.doc_tag,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    pages: row.pages === null ? null : Number(row.pages),
    status: row.status,
    folderId: row.folder_id,
    version: Number(row.version),
    uploadedAt: iso(Number(row.created_at)),
    updatedAt: iso(Number(row.updated_at)),
    binnedAt: row.deleted_at === null ? null : iso(Number(row.deleted_at)),
    purgeAt: row.deleted_at === null ? null : iso(Number(row.deleted_at) + BIN_MS),
  };
}

export function toFolderView(row: UploadFolderRow): FolderView {
  return { id: row.id, name: row.name, parentId: row.parent_id, createdAt: iso(Number(row.created_at)) };
}
