import { ApiError, call, href, urlOf } from './client';
import type { Answer, BodyOf, PathOf, Problem, QueryOf } from './types';

type Uploaded = Answer<'/api/v1/me/files', 'post', 201>;

export type DriveListing = Answer<'/api/v1/me/files', 'get'>;
export type UploadedFile = DriveListing['files'][number];
export type Folder = DriveListing['folders'][number];
export type DocTag = Answer<'/api/v1/me/files/tags', 'get'>['tags'][number];
type DriveFilter = QueryOf<'/api/v1/me/files', 'get'>;
export type DriveQuery = Pick<DriveFilter, 'q' | 'sort' | 'bin' | 'cursor'> & { folderId?: string | null };
/** A quarter turn of a photo, clockwise, before it is combined. */
export type Rotation = NonNullable<BodyOf<'/api/v1/me/files/combine', 'post'>['rotations']>[number];
export type FileChanges = BodyOf<'/api/v1/me/files/{id}', 'patch'>;

/** One page of a folder (or search, or the bin); pass its `nextCursor` back for the next. */
export const listDrive = ({ folderId, q, sort, bin, cursor }: DriveQuery) =>
  call('get', '/api/v1/me/files', { query: { folderId: folderId ?? undefined, q, sort, bin: bin || undefined, cursor } });

export const listDocTags = () => call('get', '/api/v1/me/files/tags');
export const listAllFolders = () => call('get', '/api/v1/me/folders');
export const getFile = (id: string) => call('get', '/api/v1/me/files/{id}', { params: { id } });
export const updateFile = (id: string, changes: FileChanges) => call('patch', '/api/v1/me/files/{id}', { params: { id }, body: changes });
export const binFile = (id: string) => call('delete', '/api/v1/me/files/{id}', { params: { id } });
export const restoreFile = (id: string) => call('post', '/api/v1/me/files/{id}/restore', { params: { id } });
export const createFolder = (name: string, parentId: string | null) => call('post', '/api/v1/me/folders', { body: { name, parentId } });
export const renameFolder = (id: string, name: string) => call('patch', '/api/v1/me/folders/{id}', { params: { id }, body: { name } });
export const deleteFolder = (id: string) => call('delete', '/api/v1/me/folders/{id}', { params: { id } });

export const combinePhotos = (input: BodyOf<'/api/v1/me/files/combine', 'post'>) => call('post', '/api/v1/me/files/combine', { body: input });

export const fileContentUrl = (id: string, disposition: NonNullable<QueryOf<'/api/v1/me/files/{id}/content', 'get'>['disposition']>) =>
  href('/api/v1/me/files/{id}/content', { params: { id }, query: { disposition } });

/**
 * Uploads one file as the raw body with XMLHttpRequest, which (unlike fetch) reports upload
 * progress. Resolves with the stored file; rejects with an ApiError like every other call.
 */
export function uploadFile(file: File | Blob, name: string, folderId: string | null, onProgress: (fraction: number) => void): Promise<Uploaded> {
  const query: QueryOf<'/api/v1/me/files', 'post'> = { name, ...(folderId ? { folderId } : {}) };
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', urlOf('/api/v1/me/files' satisfies PathOf<'post'>, undefined, query));
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
      if (xhr.status === 201) resolve(data as Uploaded);
      else {
        const problem =
          data && typeof (data as Problem).code === 'string'
            ? { ...(data as Problem), status: xhr.status }
            : { status: xhr.status, code: `http_${xhr.status}` };
        reject(new ApiError(xhr.status, problem, undefined));
      }
    };
    xhr.send(file);
  });
}
