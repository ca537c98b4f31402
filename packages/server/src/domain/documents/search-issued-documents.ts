import { AppError } from '../../lib/errors.js';
import type { DocumentStatus } from '../../db/schema.js';
import type { DocumentRow, NameCursor } from '../../repositories/documents.repository.js';
import { recordAudit } from '../audit/audit-log.js';
import { isValidMobile, maskMobile, normaliseMobile } from '../auth/mobile.js';
import type { DomainDeps } from '../context.js';
import { assertActsFor, type DirectoryActor } from '../actors.js';
import { effectiveStatus, type EffectiveStatus } from './document-status.js';
import { resolveHolders, type ResolvedHolder } from './holders.js';
import { IDENTIFIER_MARK, nameWords } from './search-terms.js';

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
  /** `XXXXXX1234`: the holder's mobile, when their locker has one or the search was by it. */
  holderMobile: string | null;
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
const MAX_WORDS = 8;

/** What a search was by, as the audit log records it (never the text itself). */
export type SearchKind = 'all' | 'text' | 'mobile' | 'aadhaar';

/**
 * Issuer staff find their own issuer's documents (never another's): by URI; by a number that
 * identifies the record (the document number, or a roll, registration or licence number among its
 * fields), whole, ignoring case, spaces and dashes; by the beginnings of the words of the holder's
 * name in any order and any script; or by the mobile or Aadhaar number it was issued to (resolved
 * the way issuance resolves them — the vault's keyed index — so no number is stored or compared in
 * clear). Newest first, keyset-paginated. Every search is audited: who, by what kind, how many.
 */
export async function searchIssuedDocuments(
  deps: DomainDeps,
  actor: DirectoryActor,
  issuerId: string,
  search: IssuedDocumentSearch,
): Promise<{ documents: IssuedDocumentMatch[]; nextCursor: string | null }> {
  assertActsFor(actor, issuerId);
  const cursor = search.cursor ? decodeCursor(search.cursor) : undefined;
  const plan = await planSearch(deps, search.q);
  const filters = { ...(search.docType ? { docType: search.docType } : {}), ...(search.status ? { status: search.status } : {}), limit: search.limit + 1 };
  const docs = deps.repos.documents;
  // First what matches exactly (URI, record number, the holder's number), newest first; then
  // name matches, by the word matched and newest first within it.
  let rows: DocumentRow[] = [];
  let next: Cursor | null = null;
  if (!cursor?.name) {
    const after = cursor?.exact ? { after: cursor.exact } : {};
    const found = await Promise.all([
      plan.kind === 'all' ? docs.searchForIssuer(issuerId, { ...filters, ...after }) : [],
      plan.uri ? docs.searchForIssuer(issuerId, { ...filters, ...after, uri: plan.uri }) : [],
      plan.holder ? docs.searchForIssuer(issuerId, { ...filters, ...after, holder: plan.holder }) : [],
      plan.identifier ? docs.searchIdentifierForIssuer(issuerId, plan.identifier, { ...filters, ...after }) : [],
    ]);
    rows = newestFirst(found.flat()).slice(0, search.limit + 1);
    if (rows.length > search.limit) next = { exact: { issuedOn: rows[search.limit - 1]!.issued_on, id: rows[search.limit - 1]!.id } };
  }
  if (!next && plan.words.length > 0) {
    const seen = new Set(rows.map((r) => r.id));
    // A document found exactly above may match by name too: ask for enough to fill the page without it.
    const after = cursor?.name && cursor.name !== 'start' ? { after: cursor.name } : {};
    const named = (await docs.searchNamesForIssuer(issuerId, plan.words, { ...filters, limit: filters.limit + rows.length, ...after }))
      .filter((r) => !seen.has(r.id))
      .slice(0, search.limit + 1 - rows.length);
    rows = [...rows, ...named];
    const last = named[search.limit - 1 - (rows.length - named.length)];
    // A page of exact matches only, with names after it: the next page starts the names.
    if (rows.length > search.limit) next = { name: last ? { term: last.matched_term, issuedOn: last.issued_on, id: last.id } : 'start' };
  }
  const page = rows.slice(0, search.limit);
  const mobiles = new Map(
    (await deps.repos.residents.findContacts([...new Set(page.flatMap((r) => (r.resident_id ? [r.resident_id] : [])))])).map((c) => [c.id, c.mobile]),
  );
  const now = deps.clock.now();
  await recordAudit(deps, actor, 'documents.searched', { issuerId, details: { by: plan.kind, count: page.length, page: cursor ? 'next' : 'first' } });
  return {
    documents: page.map((r) => {
      const mobile = r.resident_id
        ? mobiles.get(r.resident_id)
        : plan.holder?.holderLookup && r.holder_lookup === plan.holder.holderLookup
          ? plan.mobile
          : null;
      return {
        uri: r.uri,
        docType: r.doc_type,
        docId: r.doc_id,
        holderName: r.holder_name,
        issuedOn: r.issued_on,
        validTo: r.valid_to,
        status: effectiveStatus(r.status, r.valid_to, now),
        statusReason: r.status_reason,
        statusChangedAt: r.status_changed_at === null ? null : new Date(Number(r.status_changed_at)).toISOString(),
        holderMobile: mobile ? maskMobile(mobile) : null,
        held: r.resident_id === null,
      };
    }),
    nextCursor: next ? Buffer.from(JSON.stringify(next)).toString('base64url') : null,
  };
}

interface SearchPlan {
  kind: SearchKind;
  uri?: string;
  holder?: ResolvedHolder;
  /** The mobile searched by, to mask beside the documents held for it. */
  mobile?: string;
  identifier?: string;
  words: string[];
}

/** What to look for, from what staff typed: a holder's number, or a URI, record number or name. */
async function planSearch(deps: DomainDeps, text: string | undefined): Promise<SearchPlan> {
  if (text === undefined) return { kind: 'all', words: [] };
  const q = text.trim();
  const compact = q.replace(/[\s./-]+/g, '').toLowerCase();
  if ((compact.match(/[\p{L}\p{M}\p{N}]/gu)?.length ?? 0) < 2) {
    throw badQuery(q ? 'Type at least two letters or digits.' : 'Type a name, mobile, roll or registration number, or URI.');
  }
  const identifier = /^[\p{L}\p{N}]{1,64}$/u.test(compact) ? IDENTIFIER_MARK + compact : undefined;
  if (AADHAAR.test(compact)) {
    const [holder] = await resolveHolders(deps, [{ aadhaar: compact }]);
    return { kind: 'aadhaar', holder: holder!, ...(identifier ? { identifier } : {}), words: [] };
  }
  const mobile = normaliseMobile(q);
  if (isValidMobile(mobile)) {
    const [holder] = await resolveHolders(deps, [{ mobile }]);
    return { kind: 'mobile', holder: holder!, mobile, ...(identifier ? { identifier } : {}), words: [] };
  }
  const words = [...new Set(nameWords(q))];
  if (words.length > MAX_WORDS) throw badQuery(`Use at most ${MAX_WORDS} words.`);
  return { kind: 'text', ...(/^\S+-\S+$/.test(q) ? { uri: q } : {}), ...(identifier ? { identifier } : {}), words };
}

function badQuery(message: string): AppError {
  return new AppError('validation_failed', message, { errors: [{ path: '/body/q', message }] });
}

/** Several searches' rows as one page: each document once, newest first. */
function newestFirst(rows: DocumentRow[]): DocumentRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return [...byId.values()].sort((a, b) => (a.issued_on === b.issued_on ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.issued_on < b.issued_on ? 1 : -1));
}

/** Where the next page starts: among the exact matches, or among the name matches. */
interface Cursor {
  exact?: { issuedOn: string; id: string };
  name?: NameCursor | 'start';
}

function decodeCursor(cursor: string): Cursor {
  let value: Cursor | undefined;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
  } catch {
    value = undefined;
  }
  const text = (x: unknown) => typeof x === 'string' && x.length > 0 && x.length <= 200;
  const ok =
    (value?.exact && text(value.exact.issuedOn) && text(value.exact.id) && !value.name) ||
    (value?.name && (value.name === 'start' || (text(value.name.term) && text(value.name.issuedOn) && text(value.name.id))) && !value.exact);
  if (!ok)
    throw new AppError('validation_failed', 'The cursor is not one this server gave out.', {
      errors: [{ path: '/body/cursor', message: 'Not a cursor from a previous page.' }],
    });
  return value!;
}
