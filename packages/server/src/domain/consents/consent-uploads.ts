import { AppError } from '../../lib/errors.js';
import type { DriveGrant, OauthRequestRow } from '../../repositories/consents.repository.js';
import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import type { IssuedDocumentSummary } from '../documents/list-resident-documents.js';
import { pick } from '../issuers/localized.js';
import { parseScope } from '../requesters/scopes.js';
import { docTypeAllowed } from './authorize.js';

/** At most this many files and folders in one grant (each is checked, and listed one by one). */
export const MAX_GRANTED = 100;
const MAX_CHOICES = 1000;

/** What the consent screen offers from the drive: every folder, and every file scanned clean and not in the bin. */
export interface DriveChoices {
  folders: { id: string; name: string; parentId: string | null }[];
  files: { id: string; name: string; folderId: string | null; mediaType: string; sizeBytes: number }[];
}

/** A document type the requester named (`req_doctype`) of which the resident holds no active document. */
export interface MissingDocType {
  docType: string;
  name: string;
}

export async function driveChoices(deps: DomainDeps, actor: ResidentActor): Promise<DriveChoices> {
  const folders = await deps.repos.uploads.listAllFolders(actor.residentId);
  const files = await deps.repos.uploads.listFiles({ residentId: actor.residentId, bin: false, sort: 'name', order: 'asc', limit: MAX_CHOICES });
  return {
    folders: folders.map((f) => ({ id: f.id, name: f.name, parentId: f.parent_id })),
    files: files
      .filter((f) => f.status === 'clean')
      .map((f) => ({ id: f.id, name: f.name, folderId: f.folder_id, mediaType: f.media_type, sizeBytes: Number(f.size_bytes) })),
  };
}

/**
 * The types the requester named itself that the resident lacks: for these the consent screen
 * offers to upload a copy on the spot. Types only registered for the requester (no
 * `req_doctype`) are not offered: the requester did not ask for them.
 */
export async function missingDocTypes(deps: DomainDeps, req: OauthRequestRow, held: IssuedDocumentSummary[], language?: string): Promise<MissingDocType[]> {
  if (req.req_doctype !== 1 || !parseScope(req.scope).includes('files.issueddocs')) return [];
  const missing = req.doc_types.filter((t) => !held.some((d) => docTypeAllowed([t], d)));
  return Promise.all(missing.map(async (docType) => ({ docType, name: (await docTypeName(deps, docType, language)) ?? docType })));
}

async function docTypeName(deps: DomainDeps, docType: string, language?: string): Promise<string | undefined> {
  const dash = docType.lastIndexOf('-');
  if (dash < 0) {
    const type = (await deps.repos.issuers.listDocumentTypes()).find((t) => t.code === docType);
    return type && pick(type.names, language);
  }
  const issuer = await deps.repos.issuers.findByOrgId(docType.slice(0, dash));
  const type = issuer && (await deps.repos.issuers.findDocumentType(issuer.id, docType.slice(dash + 1)));
  return type ? pick(type.names, language) : undefined;
}

/**
 * Checks the drive part of a consent the resident chose: their own folders, and their own files
 * scanned clean and not in the bin. Folders need `files.uploadeddocs`; files need it too, unless
 * the requester named a document type the resident lacks (then they may give an uploaded copy).
 * Absent: the whole drive under `files.uploadeddocs`, as the consent screen granted before files
 * could be picked.
 */
export async function checkDriveGrant(
  deps: DomainDeps,
  actor: ResidentActor,
  req: OauthRequestRow,
  missing: MissingDocType[],
  uploads: DriveGrant | undefined,
): Promise<DriveGrant | null> {
  const drive = parseScope(req.scope).includes('files.uploadeddocs');
  if (uploads === undefined) return drive ? null : { files: [], folders: [] };
  const refuse = (path: string, message: string) =>
    new AppError('validation_failed', 'You can share only your own files and folders, scanned clean, that this application may read.', {
      errors: [{ path, message }],
    });
  const files = [...new Set(uploads.files)];
  const folders = [...new Set(uploads.folders)];
  if (!drive && folders.length > 0) throw refuse('/body/uploads/folders', 'this application did not ask for your drive');
  if (!drive && missing.length === 0 && files.length > 0) throw refuse('/body/uploads/files', 'this application did not ask for your drive');
  const own = new Set((await deps.repos.uploads.listAllFolders(actor.residentId)).map((f) => f.id));
  folders.forEach((id, i) => {
    if (!own.has(id)) throw refuse(`/body/uploads/folders/${i}`, 'is not one of your folders');
  });
  for (const [i, id] of files.entries()) {
    const f = await deps.repos.uploads.findFile(id);
    if (!f || f.resident_id !== actor.residentId || f.deleted_at !== null) throw refuse(`/body/uploads/files/${i}`, 'is not one of your files');
    if (f.status !== 'clean') throw refuse(`/body/uploads/files/${i}`, 'is not scanned clean yet');
  }
  return { files, folders };
}
