import { api, ApiError } from './client';
import type { Problem } from './types';

export interface UploadedFile {
  id: string;
  name: string;
  description: string;
  tag: string | null;
  mediaType: string;
  sizeBytes: number;
  pages: number | null;
  status: 'scanning' | 'clean' | 'refused';
  folderId: string | null;
  version: number;
  uploadedAt: string;
  updatedAt: string;
  binnedAt: string | null;
  purgeAt: string | null;
}

export interface Folder {
  id: string;
  name: string;
  parentId: string | null;
  createdAt: string;
}

export interface DriveListing {
  folder: Folder | null;
  breadcrumbs: Folder[];
  folders: Folder[];
  files: UploadedFile[];
  usage: { usedBytes: number; quotaBytes: number };
}

export interface DocTag {
  code: string;
  en: string;
  hi: string;
  gu: string;
}

export interface DriveQuery {
  folderId?: string | null;
  q?: string;
  sort?: 'name' | 'date' | 'size';
  bin?: boolean;
}

export function listDrive(query: DriveQuery) {
  const params = new URLSearchParams();
  if (query.folderId) params.set('folderId', query.folderId);
  if (query.q) params.set('q', query.q);
  if (query.sort) params.set('sort', query.sort);
  if (query.bin) params.set('bin', 'true');
  return api<DriveListing>('GET', `/api/v1/me/files?${params.toString()}`);
}

export const listDocTags = () => api<{ tags: DocTag[] }>('GET', '/api/v1/me/files/tags');
export const listAllFolders = () => api<{ folders: (Folder & { path: string[] })[] }>('GET', '/api/v1/me/folders');
export const updateFile = (id: string, changes: { name?: string; description?: string; tag?: string | null; folderId?: string | null }) =>
  api<UploadedFile>('PATCH', `/api/v1/me/files/${id}`, changes);
export const binFile = (id: string) => api<UploadedFile>('DELETE', `/api/v1/me/files/${id}`);
export const restoreFile = (id: string) => api<UploadedFile>('POST', `/api/v1/me/files/${id}/restore`);
export const createFolder = (name: string, parentId: string | null) => api<Folder>('POST', '/api/v1/me/folders', { name, parentId });
export const renameFolder = (id: string, name: string) => api<Folder>('PATCH', `/api/v1/me/folders/${id}`, { name });
export const deleteFolder = (id: string) => api<{ binnedFiles: number }>('DELETE', `/api/v1/me/folders/${id}`);

export const combinePhotos = (input: { fileIds: string[]; rotations: number[]; name: string; folderId: string | null }) => api<UploadedFile>('POST', '/api/v1/me/files/combine', input);

export const fileContentUrl = (id: string, disposition: 'inline' | 'attachment') => `/api/v1/me/files/${id}/content?disposition=${disposition}`;

/**
 * Uploads one file as the raw body with XMLHttpRequest, which (unlike fetch) reports upload
 * progress. Resolves with the stored file; rejects with an ApiError like every other call.
 */
export function uploadFile(file: File, folderId: string | null, onProgress: (fraction: number) => void): Promise<UploadedFile> {
  const params = new URLSearchParams({ name: file.name || 'photo' });
  if (folderId) params.set('folderId', folderId);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/me/files?${params.toString()}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, { status: 0, code: 'network_error' }, undefined));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status === 201) resolve(data as UploadedFile);
      else {
        const problem = data && typeof (data as Problem).code === 'string' ? { ...(data as Problem), status: xhr.status } : { status: xhr.status, code: `http_${xhr.status}` };
        reject(new ApiError(xhr.status, problem, undefined));
      }
    };
    xhr.send(file);
  });
}
