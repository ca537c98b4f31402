import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { pick } from '../issuers/localized.js';

/** A drive folder or file a consent shares; `name` is null once it is deleted for good. */
export interface GrantedDriveItem {
  id: string;
  kind: 'folder' | 'file';
  name: string | null;
  /** When it was shared: with the consent, or later (a file the requester put at its top). */
  grantedAt: string;
}

export interface ConsentView {
  id: string;
  requester: { name: string; clientId: string; purpose: string };
  scopes: string[];
  documents: string[];
  /**
   * The drive part: `whole` (every folder and file, later ones too), `picked` (only `driveItems`,
   * a folder with everything in it), `none` (the consent reads nothing of the drive).
   */
  drive: 'whole' | 'picked' | 'none';
  driveItems: GrantedDriveItem[];
  grantedAt: string;
  validUntil: string;
  status: 'active' | 'withdrawn' | 'expired';
  withdrawnAt: string | null;
  lastUsedAt: string | null;
  accessCount: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Every consent the resident has granted, newest first, with when it was last used and how often. */
export async function listConsents(deps: DomainDeps, actor: ResidentActor, language?: string): Promise<ConsentView[]> {
  const rows = await deps.repos.consents.listConsents(actor.residentId);
  const now = deps.clock.now();
  const requesters = new Map<string, Awaited<ReturnType<typeof deps.repos.requesters.findById>>>();
  for (const id of new Set(rows.map((r) => r.requester_id))) requesters.set(id, await deps.repos.requesters.findById(id));
  const picked = rows.filter((r) => r.uploads !== null);
  const folderNames = new Map(
    picked.some((r) => r.uploads!.folders.length > 0) ? (await deps.repos.uploads.listAllFolders(actor.residentId)).map((f) => [f.id, f.name]) : [],
  );
  const fileIds = [...new Set(picked.flatMap((r) => r.uploads!.files))];
  const fileNames = new Map((await deps.repos.uploads.findFiles(actor.residentId, fileIds)).map((f) => [f.id, f.name]));
  return rows.map((r) => {
    const scopes = r.scope.split(' ').filter((s) => s && !s.startsWith('issued/'));
    const grantedAt = (id: string) => iso(r.uploads?.addedAt?.[id] ?? r.granted_at)!;
    const q = requesters.get(r.requester_id);
    return {
      id: r.id,
      requester: {
        name: q ? pick(q.names, language) : '',
        clientId: q?.client_id ?? '',
        purpose: q ? pick(q.purpose, language) : '',
      },
      scopes,
      documents: r.documents,
      drive: !scopes.includes('files.uploadeddocs') ? 'none' : r.uploads === null ? 'whole' : 'picked',
      driveItems: [
        ...(r.uploads?.folders ?? []).map((id) => ({ id, kind: 'folder' as const, name: folderNames.get(id) ?? null, grantedAt: grantedAt(id) })),
        ...(r.uploads?.files ?? []).map((id) => ({ id, kind: 'file' as const, name: fileNames.get(id) ?? null, grantedAt: grantedAt(id) })),
      ],
      grantedAt: iso(r.granted_at)!,
      validUntil: iso(r.valid_until)!,
      status: r.withdrawn_at !== null ? 'withdrawn' : r.valid_until <= now ? 'expired' : 'active',
      withdrawnAt: iso(r.withdrawn_at),
      lastUsedAt: iso(r.last_used_at),
      accessCount: Number(r.access_count),
    };
  });
}

/** Withdraws one of the resident's own consents; every token of it stops at once. */
export async function withdrawConsent(deps: DomainDeps, actor: ResidentActor, consentId: string, ctx: RequestContext): Promise<void> {
  const row = await deps.repos.consents.findConsent(consentId);
  if (!row || row.resident_id !== actor.residentId) throw new AppError('not_found', 'You have no consent with that id.');
  if (!(await deps.repos.consents.withdrawConsent(actor.residentId, consentId, deps.clock.now()))) return;
  await recordActivity(deps, actor.residentId, 'consent_withdrawn', ctx, { consentId });
}
