import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { issuerNames, typeNames } from '../issuers/directory-names.js';
import { pick } from '../issuers/localized.js';
import { effectiveStatus, type EffectiveStatus } from './document-status.js';

export interface IssuedDocumentSummary {
  uri: string;
  name: string;
  docType: string;
  docId: string;
  issuer: { orgId: string; name: string };
  issuedOn: string;
  validFrom: string | null;
  validTo: string | null;
  status: EffectiveStatus;
  version: number;
}

/** A URI an issuer pushed whose content it has not given yet: shown, but not a document yet. */
export interface AwaitedDocumentSummary extends Pick<IssuedDocumentSummary, 'uri' | 'name' | 'docType' | 'docId' | 'issuer' | 'issuedOn'> {
  status: 'awaited';
  /** Epoch milliseconds of the (last) push. */
  since: number;
}

/** At most this many awaited URIs are listed (with the first page). */
const AWAITED_MAX = 50;

/**
 * Only the actor's own documents; names in the resident's language, from the directory's name
 * cache (one look-up per distinct issuer and type on the page, not a join per row).
 */
export async function listResidentDocuments(
  deps: DomainDeps,
  actor: ResidentActor,
  options: { limit: number; cursor?: string; language?: string },
): Promise<{ documents: IssuedDocumentSummary[]; nextCursor: string | null; awaited: AwaitedDocumentSummary[] }> {
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const awaited = options.cursor ? [] : await listAwaited(deps, actor, options.language);
  const rows = await deps.repos.documents.listSummariesForResident(actor.residentId, { limit: options.limit + 1, ...(after ? { after } : {}) });
  const page = rows.slice(0, options.limit);
  const documents = await summarizeDocuments(deps, page, options.language);
  const last = page.at(-1);
  return {
    documents,
    awaited,
    nextCursor: rows.length > options.limit && last ? Buffer.from(`${last.issued_on}|${last.id}`).toString('base64url') : null,
  };
}

type SummaryRow = Awaited<ReturnType<DomainDeps['repos']['documents']['listSummariesForResident']>>[number];

/** Rows of issued_documents as listed: names in `language` from the directory's name cache, status as of now. */
export async function summarizeDocuments(deps: DomainDeps, page: SummaryRow[], language: string | undefined): Promise<IssuedDocumentSummary[]> {
  const now = deps.clock.now();
  const issuerIds = [...new Set(page.map((r) => r.issuer_id))];
  const typeKeys = [...new Map(page.map((r) => [`${r.issuer_id}:${r.doc_type}`, r] as const))];
  const [issuerList, typeList] = await Promise.all([
    Promise.all(issuerIds.map((id) => issuerNames(deps, id))),
    Promise.all(typeKeys.map(([, r]) => typeNames(deps, r.issuer_id, r.doc_type))),
  ]);
  const issuers = new Map(issuerIds.map((id, i) => [id, issuerList[i]]));
  const types = new Map(typeKeys.map(([key], i) => [key, typeList[i]]));
  const documents: IssuedDocumentSummary[] = [];
  for (const r of page) {
    const issuer = issuers.get(r.issuer_id);
    const type = types.get(`${r.issuer_id}:${r.doc_type}`);
    // Documents reference their issuer (foreign key): a missing one is a broken database.
    if (!issuer) throw new Error(`issuer ${r.issuer_id} of document ${r.uri} not found`);
    documents.push({
      uri: r.uri,
      name: type ? pick(type, language) : r.doc_type,
      docType: r.doc_type,
      docId: r.doc_id,
      issuer: { orgId: issuer.orgId, name: pick(issuer.names, language) },
      issuedOn: r.issued_on,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      status: effectiveStatus(r.status, r.valid_to, now),
      version: r.version,
    });
  }
  return documents;
}

/** The actor's pushed URIs whose content is awaited from the issuer, newest first. */
async function listAwaited(deps: DomainDeps, actor: ResidentActor, language: string | undefined): Promise<AwaitedDocumentSummary[]> {
  const rows = await deps.repos.awaitedDocuments.listForResident(actor.residentId, AWAITED_MAX);
  return Promise.all(
    rows.map(async (r) => {
      const [issuer, type] = await Promise.all([issuerNames(deps, r.issuer_id), typeNames(deps, r.issuer_id, r.doc_type)]);
      return {
        uri: r.uri,
        name: type ? pick(type, language) : r.doc_type,
        docType: r.doc_type,
        docId: r.doc_id,
        issuer: { orgId: issuer?.orgId ?? '', name: issuer ? pick(issuer.names, language) : '' },
        issuedOn: r.issued_on,
        status: 'awaited' as const,
        since: r.updated_at,
      };
    }),
  );
}

function decodeCursor(cursor: string): { issuedOn: string; id: string } | undefined {
  const [issuedOn, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return issuedOn && id ? { issuedOn, id } : undefined;
}
