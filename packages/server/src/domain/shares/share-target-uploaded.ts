import { AppError } from '../../lib/errors.js';
import type { ShareRow } from '../../repositories/shares.repository.js';
import type { DomainDeps } from '../context.js';
import { getUploadedFileForOwner } from '../uploads/read-file.js';
import type { ShareTargetResolver } from './share-target-types.js';

/** What a receiver sees of a shared uploaded file: as it was when shared, never verified by anyone. */
export type { SharedUploadedFile } from './share-target-types.js';

const removed = () => new AppError('share_file_removed', 'The person who shared this file has deleted it, so the link no longer shows it.');

/**
 * The version the link was made for: its file must still exist out of the bin (the owner
 * deleting it ends the link), and that version must still name the blob pinned at share time.
 * A purged file has no rows left, so its blob is never served.
 */
async function pinnedUpload(deps: DomainDeps, share: ShareRow) {
  const file = await deps.repos.uploads.findFile(share.target_id);
  if (!file || file.resident_id !== share.resident_id || file.deleted_at !== null) throw removed();
  const version = await deps.repos.uploads.findVersion(file.id, share.target_version);
  if (!version || version.sha256 !== share.target_ref) throw removed();
  return version;
}

/** Uploaded files (issue 15): pinned by the blob's SHA-256, so renames and re-uploads never change a link. */
export const uploadedTarget: ShareTargetResolver = {
  async pin(deps, actor, input) {
    if (input.kind !== 'uploaded') throw new AppError('bad_request', 'Not an uploaded file.');
    // The owner check: another resident's file answers `not_found`, exactly like a missing one.
    const file = await getUploadedFileForOwner(deps, actor, input.fileId);
    return { kind: 'uploaded', id: file.id, version: file.version, ref: file.sha256, title: file.name };
  },

  async available(deps, share) {
    await pinnedUpload(deps, share);
  },

  async present(deps, share) {
    const version = await pinnedUpload(deps, share);
    return {
      kind: 'uploaded',
      title: share.title,
      name: share.title,
      mediaType: version.media_type,
      size: Number(version.size_bytes),
      pages: version.pages,
      version: share.target_version,
    };
  },

  async file(deps, share) {
    const version = await pinnedUpload(deps, share);
    const blob = await deps.blobs.get(version.sha256);
    if (!blob) throw removed();
    return { body: blob.stream, size: blob.size, mediaType: version.media_type, filename: share.title };
  },
};
