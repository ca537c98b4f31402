import { createHmac, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppError } from '../../lib/errors.js';
import { liveClientSecrets } from '../requesters/requester-secret.js';
import { createFolder, deleteFolder } from '../uploads/folders.js';
import type { UploadMediaType } from '../uploads/sniff-content.js';
import type { UploadDeps } from '../uploads/upload-deps.js';
import { uploadFile } from '../uploads/upload-file.js';
import { audit, onBehalf, requireScope } from './requester-access.js';
import type { RequesterActor, ResidentActor } from '../actors.js';
import { driveView, MAX_TOP_FILES } from './drive-grant.js';
import { uploadedFileUri } from './requester-drive.js';

/** The partner API's limit per file, whatever the drive allows its own residents. */
export const PARTNER_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

export interface RequesterUploadInput {
  /** Folder names from the top of the drive down (already checked), then the file's name. */
  folders: string[];
  name: string;
  mediaType: UploadMediaType;
  /** HMAC-SHA256(file bytes, client secret) as the requester sent it (decoded from Base64). */
  hmac: Buffer;
  body: Readable;
  declaredBytes?: number;
}

/**
 * Passes the bytes through and fails at the end when no live client secret of the requester's
 * gives the presented HMAC. The failure reaches the blob store before it commits the file, so a
 * file with a wrong HMAC is never stored. A generator, so nothing is read (and nothing can fail
 * unheard) before the upload starts reading.
 */
function hmacChecked(body: Readable, secrets: string[], presented: Buffer): Readable {
  const macs = secrets.map((s) => createHmac('sha256', s));
  async function* pass(): AsyncGenerator<Buffer> {
    for await (const chunk of body) {
      for (const m of macs) m.update(chunk as Buffer);
      yield chunk as Buffer;
    }
    const ok = macs.some((m) => {
      const digest = m.digest();
      return digest.length === presented.length && timingSafeEqual(digest, presented);
    });
    if (!ok) throw new AppError('hmac_mismatch', 'The hmac does not match the file and the client secret.');
  }
  return Readable.from(pass(), { objectMode: false });
}

/** Finds the folder chain below `from`, making what is missing; returns the last folder and the top-most one made. */
async function ensureFolders(
  deps: UploadDeps,
  actor: ResidentActor,
  from: string | null,
  names: string[],
): Promise<{ folderId: string | null; created: string | null }> {
  let parent: string | null = from;
  let created: string | null = null;
  for (const name of names) {
    const all = await deps.repos.uploads.listAllFolders(actor.residentId);
    const existing = all.find((f) => f.parent_id === parent && f.name === name);
    if (existing) parent = existing.id;
    else {
      parent = (await createFolder(deps, actor, { name, parentId: parent })).id;
      created ??= parent;
    }
  }
  return { folderId: parent, created };
}

const notGranted = () =>
  new AppError(
    'path_not_granted',
    'The resident shared no folder of that name with you: start the path with a folder at the top of what files/ lists, or give only a file name to put the file at your top.',
  );

/**
 * Where an upload goes. A consent of the whole drive, or one that reads nothing of it (only
 * `files.upload`), writes where the path says from the top of the drive, as before drive items
 * could be picked. A consent of picked items writes only into what the requester sees: the
 * path's first folder must be one at its top (a shared folder; missing folders below are made in
 * it, so the folder's grant covers them), and a bare file name goes to the top of the drive and
 * is added to the consent, so the requester sees its own file and nothing more of the drive.
 */
async function placeFor(deps: UploadDeps, access: RequesterActor, names: string[]): Promise<{ from: string | null; below: string[]; grantFile: boolean }> {
  if (access.uploads === null || !access.scopes.includes('files.uploadeddocs')) return { from: null, below: names, grantFile: false };
  if (names.length === 0) {
    if (access.uploads.files.length >= MAX_TOP_FILES)
      throw new AppError('path_not_granted', `Your top of this drive holds ${MAX_TOP_FILES} files already: upload into a folder the resident shared.`);
    return { from: null, below: [], grantFile: true };
  }
  const top = driveView(await deps.repos.uploads.listAllFolders(access.residentId), access.uploads)
    .topFolders.filter((f) => f.name === names[0])
    .sort((a, b) => Number(a.created_at) - Number(b.created_at))[0];
  if (!top) throw notGranted();
  return { from: top.id, below: names.slice(1), grantFile: false };
}

/** Adds the requester's own new file to its consent's picked items (optimistic, read again on a race). */
async function grantOwnFile(deps: UploadDeps, consentId: string, fileId: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const consent = await deps.repos.consents.findConsent(consentId);
    if (!consent?.uploads || (await deps.repos.consents.addConsentDriveFile(consentId, consent.uploads, fileId, deps.clock.now()))) return;
  }
  throw new Error(`consent ${consentId}: could not add file ${fileId} after 10 attempts`);
}

/**
 * A requester adds a file to the resident's drive under the consent's `files.upload`, through
 * the drive's own upload (streamed, type decided from the bytes and matched against the declared
 * one, quota, malware scan), with the partner API's 10 MB limit and the HMAC checked on the way.
 * Folders named in the path are made as needed, and removed again if the upload is refused.
 * Under a consent of picked drive items the path is read as the requester sees the drive
 * (`placeFor`): the file never lands where the requester cannot read it, and never opens more
 * of the drive to it than the file itself.
 */
export async function requesterUpload(deps: UploadDeps, access: RequesterActor, input: RequesterUploadInput): Promise<{ path: string; size: number }> {
  requireScope(access, 'files.upload');
  const requester = await deps.repos.requesters.findById(access.requesterId);
  if (!requester) throw new AppError('invalid_token', 'The access token is not valid.');
  const secrets = liveClientSecrets(deps.masterKey, requester, deps.clock.now());
  const actor = onBehalf(access);
  const place = await placeFor(deps, access, input.folders);
  const { folderId, created } = await ensureFolders(deps, actor, place.from, place.below);
  const limited: UploadDeps = { ...deps, uploads: { ...deps.uploads, maxBytes: Math.min(deps.uploads.maxBytes, PARTNER_UPLOAD_MAX_BYTES) } };
  let file;
  try {
    file = await uploadFile(
      limited,
      actor,
      {
        body: hmacChecked(input.body, secrets, input.hmac),
        name: input.name,
        folderId,
        expectedMediaType: input.mediaType,
        ...(input.declaredBytes !== undefined ? { declaredBytes: input.declaredBytes } : {}),
      },
      null,
    );
  } catch (err) {
    if (created && !(err instanceof AppError && err.code === 'malware_found')) await deleteFolder(deps, actor, created, null);
    throw err;
  }
  if (place.grantFile) await grantOwnFile(deps, access.consentId, file.id);
  await audit(deps, access, 'upload', uploadedFileUri(file.id));
  return { path: `/${[...input.folders, file.name].join('/')}`, size: file.sizeBytes };
}
