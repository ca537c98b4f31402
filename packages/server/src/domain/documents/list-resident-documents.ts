import type { DomainDeps, ResidentActor } from '../context.js';
import { pick, type LocalizedText } from '../issuers/localized.js';
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

/** Only the actor's own documents; names in the resident's language. */
export async function listResidentDocuments(
  deps: DomainDeps,
  actor: ResidentActor,
  options: { limit: number; cursor?: string; language?: string },
): Promise<{ documents: IssuedDocumentSummary[]; nextCursor: string | null }> {
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const rows = await deps.repos.documents.listForResidentWithNames(actor.residentId, { limit: options.limit + 1, ...(after ? { after } : {}) });
  const now = deps.clock.now();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    documents: page.map((r) => ({
      uri: r.uri,
      name: r.type_names ? pick(JSON.parse(r.type_names) as LocalizedText, options.language) : r.doc_type,
      docType: r.doc_type,
      docId: r.doc_id,
      issuer: { orgId: r.org_id, name: pick(JSON.parse(r.issuer_names) as LocalizedText, options.language) },
      issuedOn: r.issued_on,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      status: effectiveStatus(r.status, r.valid_to, now),
      version: r.version,
    })),
    nextCursor: rows.length > options.limit && last ? Buffer.from(`${last.issued_on}|${last.id}`).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): { issuedOn: string; id: string } | undefined {
  const [issuedOn, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return issuedOn && id ? { issuedOn, id } : undefined;
}
