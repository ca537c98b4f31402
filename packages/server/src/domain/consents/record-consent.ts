import type { ConsentRow, DriveGrant } from '../../repositories/consents.repository.js';
import type { RequesterRow } from '../../repositories/requesters.repository.js';
import { recordActivity } from '../activity/record-activity.js';
import type { ResidentActor } from '../actors.js';
import type { DomainDeps, Repositories, RequestContext } from '../context.js';
import { pick } from '../issuers/localized.js';

/** What the resident agreed to, however they were asked (consent screen, device-flow SMS, sign-up SMS). */
export interface ConsentGrant {
  residentId: string;
  requester: RequesterRow;
  scopes: string[];
  /** The issued documents' URIs. */
  documents: string[];
  /** The drive files and folders; null the whole drive (only a consent answered before items could be picked). */
  uploads: DriveGrant | null;
  validUntil: number;
  /** How the resident answered, for the activity log. */
  via: 'consent_screen' | 'device' | 'demoauth';
}

/**
 * Records a consent the same way for every flow: a picked drive file (an uploaded copy of an
 * asked-for document type) brings `files.uploadeddocs` for that file only; each document is a
 * scope `issued/<uri>`. `repos` is the caller's transaction when the consent is made together
 * with something else (a code, a new locker). `noteConsentGranted` writes the activity entry
 * once that has committed.
 */
export async function recordConsent(deps: DomainDeps, repos: Repositories, g: ConsentGrant): Promise<ConsentRow> {
  const scopes = [...g.scopes];
  if (g.uploads && g.uploads.files.length > 0 && !scopes.includes('files.uploadeddocs')) scopes.push('files.uploadeddocs');
  const consent: ConsentRow = {
    id: deps.ids.uuid(),
    resident_id: g.residentId,
    requester_id: g.requester.id,
    scope: [...scopes, ...g.documents.map((u) => `issued/${u}`)].join(' '),
    documents: g.documents,
    uploads: g.uploads,
    granted_at: deps.clock.now(),
    valid_until: g.validUntil,
    withdrawn_at: null,
    last_used_at: null,
    access_count: 0,
  };
  await repos.consents.insertConsent(consent);
  return consent;
}

/** The resident's activity entry for a recorded consent (what it covers, never the files' names). */
export async function noteConsentGranted(deps: DomainDeps, g: ConsentGrant, consent: ConsentRow, ctx: RequestContext): Promise<void> {
  await recordActivity(deps, g.residentId, 'consent_granted', ctx, {
    consentId: consent.id,
    requester: pick(g.requester.names, 'en'),
    clientId: g.requester.client_id,
    documents: g.documents.length,
    ...(g.uploads
      ? { uploadedFiles: g.uploads.files.length, folders: g.uploads.folders.length }
      : { wholeDrive: consent.scope.split(' ').includes('files.uploadeddocs') }),
    ...(g.via === 'consent_screen' ? {} : { via: g.via }),
  });
}

/**
 * The drive as it is now, for a consent fixed when its SMS is sent (device flow, sign-up): its
 * top folders (each with everything in it) and its top files scanned clean, like the issued
 * documents such an SMS names. Items the resident adds at the top later are not covered.
 */
export async function driveAsItIs(deps: DomainDeps, actor: ResidentActor, maxFiles: number): Promise<DriveGrant> {
  const folders = await deps.repos.uploads.listAllFolders(actor.residentId);
  const files = await deps.repos.uploads.listFiles({ residentId: actor.residentId, folderId: null, bin: false, sort: 'name', order: 'asc', limit: maxFiles });
  return { files: files.filter((f) => f.status === 'clean').map((f) => f.id), folders: folders.filter((f) => f.parent_id === null).map((f) => f.id) };
}
