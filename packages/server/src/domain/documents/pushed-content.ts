import { isAppError } from '../../lib/errors.js';
import type { IssuerRow } from '../../repositories/issuers.repository.js';
import type { DomainDeps } from '../context.js';
import { declaredFields, issuerEndpoint, uidHash } from '../pull/issuer-endpoint.js';
import type { OriginalKind } from './issuer-originals.js';

/** What a pushed record says of the document (a PushRecord, without its action). */
interface PushedUri {
  uri: string;
  docType: string;
  docId: string;
  /** The holder's, to send as its UID hash; never sent or kept in clear (absent when pushed by locker id). */
  aadhaar?: string;
}

/** What a pushed URI's document holds, or why it must wait. */
export type PushedContent =
  | { kind: 'found'; fields: Record<string, string>; holder?: { name?: string; dob?: string }; originals?: Partial<Record<OriginalKind, Buffer>> }
  /** Its type declares no fields: the URI, dates and holder are the whole document. */
  | { kind: 'none_needed' }
  | { kind: 'awaited'; reason: 'endpoint_unavailable' | 'no_content' };

/**
 * Where the content of pushed URIs comes from, as a push carries none: the issuer's hosted
 * record with that DocId; else, for an issuer with its own endpoint, a Pull URI request for
 * that URI (`<URI>` in DocDetails, the holder's UID hash, format both), whose certificate XML
 * and PDF are kept as sent. When neither answers and the type declares fields, the URI is
 * awaited. After one endpoint failure in a batch the rest of the batch is not tried again (a
 * down endpoint would otherwise cost its timeout per row). URIs already issued need nothing.
 */
export async function pushedContent(deps: DomainDeps, issuer: IssuerRow, adds: { record: PushedUri; residentId: string | null }[]): Promise<PushedContent[]> {
  const existing = await deps.repos.documents.findExistingUris(adds.map((a) => a.record.uri));
  const types = new Map<string, Awaited<ReturnType<DomainDeps['repos']['issuers']['findDocumentType']>>>();
  const endpoint = issuer.pull_mode === 'remote' ? await issuerEndpoint(deps, issuer) : null;
  let endpointDown = false;
  const out: PushedContent[] = [];
  for (const { record, residentId } of adds) {
    if (existing.has(record.uri)) {
      out.push({ kind: 'none_needed' });
      continue;
    }
    if (!types.has(record.docType)) types.set(record.docType, await deps.repos.issuers.findDocumentType(issuer.id, record.docType));
    const type = types.get(record.docType);
    const hosted = await deps.repos.hostedRecords.findByDocId(issuer.id, record.docType, record.docId);
    if (hosted) {
      const r = hosted.record;
      out.push({ kind: 'found', fields: r.fields ?? {}, holder: { name: r.holder?.name, ...(r.holder?.dob ? { dob: r.holder.dob } : {}) } });
      continue;
    }
    // An unknown type is refused by issuance, with its own message.
    if (!type || type.fields.length === 0) {
      out.push({ kind: 'none_needed' });
      continue;
    }
    if (!endpoint || endpointDown) {
      out.push({ kind: 'awaited', reason: endpoint ? 'endpoint_unavailable' : 'no_content' });
      continue;
    }
    try {
      const answer = await deps.issuerProtocol.pullDocument(endpoint, {
        txn: deps.random.bytes(12).toString('hex'),
        now: deps.clock.now(),
        docType: record.docType,
        // A holder without a locker yet has no DigiLockerId to give.
        lockerId: residentId ?? 'unregistered',
        ...(record.aadhaar ? { uidHash: uidHash(record.aadhaar) } : {}),
        parameters: {},
        uri: record.uri,
      });
      if (answer.status !== 'found' || answer.uri !== record.uri) {
        out.push({ kind: 'awaited', reason: 'endpoint_unavailable' });
        continue;
      }
      const holder = answer.holder ?? answer.certificate?.holder;
      const fields = declaredFields(type.fields, answer.certificate);
      // What the endpoint gave lacks a field the type requires: the URI waits for the rest.
      if (type.fields.some((f) => f.required && !fields[f.key])) {
        out.push({ kind: 'awaited', reason: 'no_content' });
        continue;
      }
      out.push({
        kind: 'found',
        fields,
        ...(holder ? { holder } : {}),
        originals: { ...(answer.certificateXml ? { xml: answer.certificateXml } : {}), ...(answer.pdf ? { pdf: answer.pdf } : {}) },
      });
    } catch (err) {
      // The endpoint is down, slow, misconfigured or answered nonsense: the push is still accepted.
      if (!isAppError(err)) throw err;
      endpointDown = true;
      out.push({ kind: 'awaited', reason: 'endpoint_unavailable' });
    }
  }
  return out;
}
