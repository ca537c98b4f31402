import { Readable } from 'node:stream';
import { AppError } from '../../lib/errors.js';
import type { RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import type { EsignDocuments } from '../esign/esign-documents.js';
import { photoAsPdf } from './combine-photos.js';
import { getUploadedFileForOwner } from './read-file.js';
import type { UploadDeps } from './upload-deps.js';
import { uploadFile } from './upload-file.js';
import { readStoredBlob } from '../blobs/read-blob.js';

/**
 * eSign over the actor's drive. `find` answers only the actor's own files (anyone else's, a
 * binned or a missing one is `undefined`, so eSign says "not found" alike); of those only a PDF
 * or a photo (wrapped into a one-page PDF) scanned clean, with room in the quota for its signed copy. `saveSigned` stores the signed PDF
 * as a NEW upload beside the original (same folder, type and description), under the same
 * rules as any upload: sniffed, counted against the quota atomically, scanned, in the activity
 * log. The original's blob is never touched.
 */
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png']);

export function uploadedEsignDocuments(deps: UploadDeps, actor: ResidentActor, context: RequestContext | null): EsignDocuments {
  const ownFile = async (fileId: string) => {
    try {
      return await getUploadedFileForOwner(deps, actor, fileId);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return undefined;
      throw err;
    }
  };
  return {
    async find(fileId) {
      const row = await ownFile(fileId);
      if (!row) return undefined;
      const photo = PHOTO_TYPES.has(row.media_type);
      if (row.media_type !== 'application/pdf' && !photo) {
        throw new AppError('file_type_refused', 'eSign signs PDF files and photos (JPEG or PNG).');
      }
      const size = Number(row.size_bytes);
      // The signed copy is larger than the original: refuse before any OTP is sent.
      if ((await deps.repos.uploads.usedBytes(actor.residentId)) + size > deps.uploads.quotaBytes) {
        throw new AppError('quota_exceeded', 'Your storage is too full for the signed copy. Delete files (and empty the bin) to make room.', {
          quotaBytes: deps.uploads.quotaBytes,
        });
      }
      const blob = await readStoredBlob(deps, row.sha256, `uploaded file ${row.id}`);
      const parts: Buffer[] = [];
      for await (const chunk of blob.stream) parts.push(chunk as Buffer);
      const bytes = Buffer.concat(parts);
      if (!photo) return { ownerResidentId: row.resident_id, name: row.name, pdf: bytes };
      // A photo is first wrapped into a one-page PDF (the same bytes at both steps); the photo stays as it is.
      const name = row.name.replace(/\.(jpe?g|png)$/i, '') + '.pdf';
      return { ownerResidentId: row.resident_id, name, pdf: await photoAsPdf(bytes, name, Number(row.created_at)) };
    },
    async saveSigned({ ownerResidentId, originalId, name, pdf }) {
      if (ownerResidentId !== actor.residentId) throw new Error('eSign saved a document for someone other than the signer');
      const original = await ownFile(originalId);
      if (!original) throw new AppError('document_not_found', 'No such document in your locker.');
      const file = await uploadFile(
        deps,
        actor,
        { body: Readable.from([pdf]), name, folderId: original.folder_id, description: original.description, tag: original.doc_tag, declaredBytes: pdf.length },
        context,
      );
      return { documentId: file.id };
    },
  };
}
