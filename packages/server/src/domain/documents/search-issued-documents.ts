import { AppError } from '../../lib/errors.js';
import type { DocumentStatus } from '../../db/schema.js';
import { isValidMobile, normaliseMobile } from '../auth/mobile.js';
import type { DomainDeps } from '../context.js';
import { assertActsFor, type DirectoryActor } from '../actors.js';
import { effectiveStatus, type EffectiveStatus } from './document-status.js';
import { resolveHolders } from './holders.js';

export interface IssuedDocumentMatch {
  uri: string;
  docType: string;
  docId: string;
  holderName: string;
  issuedOn: string;
  validTo: string | null;
  status: EffectiveStatus;
  statusReason: string | null;
  statusChangedAt: string | null;
  /** Nobody holds it yet: it waits for the holder to sign up or link their Aadhaar. */
  held: boolean;
}

export interface IssuedDocumentSearch {
  /** A URI, the issuer's document number (roll, registration …), part of the holder's name, their mobile or Aadhaar number. */
  q?: string;
  docType?: string;
  status?: DocumentStatus;
  limit: number;
  cursor?: string;
}

const AADHAAR = /^[0-9]{12}$/;

/**
 * Issuer staff find their own issuer's documents (never another's): by URI, document number,
 * holder name, or the mobile or Aadhaar number it was issued to — the last two resolved the way
 * issuance resolves them (the vault's keyed index), so no number is stored or compared in clear.
 * Newest first, keyset-paginated.
 */
export async function searchIssuedDocuments(
  deps: DomainDeps,
  actor: DirectoryActor,
  issuerId: string,
  search: IssuedDocumentSearch,
): Promise<{ documents: IssuedDocumentMatch[]; nextCursor: string | null }> {
  assertActsFor(actor, issuerId);
  const after = search.cursor ? decodeCursor(search.cursor) : undefined;
  const q = search.q?.trim() || undefined;
  let holder: { residentId: string | null; holderLookup: string | null } | undefined;
  if (q && AADHAAR.test(q)) [holder] = await resolveHolders(deps, [{ aadhaar: q }]);
  else if (q && isValidMobile(normaliseMobile(q))) [holder] = await resolveHolders(deps, [{ mobile: normaliseMobile(q) }]);

  const rows = await deps.repos.documents.searchForIssuer(issuerId, {
    ...(q ? { text: q } : {}),
    ...(holder ? { holder } : {}),
    ...(search.docType ? { docType: search.docType } : {}),
    ...(search.status ? { status: search.status } : {}),
    limit: search.limit + 1,
    ...(after ? { after } : {}),
  });
  const now = deps.clock.now();
  const page = rows.slice(0, search.limit);
  const last = page.at(-1);
  return {
    documents: page.map((r) => ({
      uri: r.uri,
      docType: r.doc_type,
      docId: r.doc_id,
      holderName: r.holder_name,
      issuedOn: r.issued_on,
      validTo: r.valid_to,
      status: effectiveStatus(r.status, r.valid_to, now),
      statusReason: r.status_reason,
      statusChangedAt: r.status_changed_at === null ? null : new Date(Number(r.status_changed_at)).toISOString(),
      held: r.resident_id === null,
    })),
    nextCursor: rows.length > search.limit && last ? Buffer.from(`${last.issued_on}|${last.id}`).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): { issuedOn: string; id: string } {
  const [issuedOn, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!issuedOn || !id)
    throw new AppError('validation_failed', 'The cursor is not one this server gave out.', {
      errors: [{ path: '/body/cursor', message: 'Not a cursor from a previous page.' }],
    });
  return { issuedOn, id };
}
