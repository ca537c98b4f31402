import { isDate } from '@tijori/rules';
import { notify, type Notice } from '../notifications/notify.js';
import { inviteHolders, type Invitation } from '../notifications/invite-holders.js';
import { completePendingPulls } from '../pull/complete-pending-pulls.js';
import { SUPPORTED_LANGUAGES } from '../residents/me.js';
import { signCompactJwsJson } from '../../crypto/signing-keys.js';
import type { SignedBatch } from '../../crypto/signing-pool.js';
import type { Insertable } from 'kysely';
import type { KeyObject } from 'node:crypto';
import type { DocumentVersionsTable, IssuedDocumentsTable } from '../../db/schema.js';
import { pooledRandomBytes } from '../../lib/ids.js';
import type { DocumentTypeRow, IssuerRow } from '../../repositories/issuers.repository.js';
import { isValidAadhaar } from '../aadhaar/verhoeff.js';
import { recordActivities, type ActivityEntry } from '../activity/record-activity.js';
import { isValidMobile } from '../auth/mobile.js';
import type { DomainDeps } from '../context.js';
import { assertActsFor, assertMayIssueTo, type DirectoryActor, type SystemActor } from '../actors.js';
import type { DocumentField, LocalizedText } from '../issuers/localized.js';
import { issuerDid } from '../issuers/publish-keys.js';
import { activeSigner } from '../issuers/signing.js';
import { documentContextUrl } from '../../artifacts/document-context.js';
import { buildCredential } from '../../artifacts/credential.js';
import { resolveHolders, type HolderRef } from './holders.js';
import { statDay } from '../statistics/stat-day.js';
import { auditDraft } from '../audit/audit-log.js';
import { documentTerms } from './search-terms.js';
import { allocateStatusEntries, statusListUrl } from '../status/status-lists.js';
import type { RejectionKey, RejectionReason } from './rejection-reasons.js';

export { REJECTION_KEYS, type RejectionKey, type RejectionReason } from './rejection-reasons.js';

export const DOC_ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;

export interface IssueInput {
  docType: string;
  docId: string;
  /**
   * With an Aadhaar number, `mobile` is only where the holder is invited while they have no
   * locker (the document stays bound to the Aadhaar); `language` is the invitation's language.
   */
  holder: HolderRef & { name: string; nameLocal?: string; dob?: string; language?: string };
  fields: Record<string, string>;
  issuedOn: string;
  validFrom?: string;
  validTo?: string;
}

/** A row refused: `code` and the English `message` for API clients, `reason` for the console. */
export interface IssueFailure {
  ok: false;
  code: string;
  message: string;
  field?: string;
  reason: RejectionReason;
}

export type IssueOutcome = { ok: true; uri: string; outcome: 'issued' | 'held' | 'exists' } | IssueFailure;

/** `<issuer id>-<doc type>-<doc id>`, e.g. in.gov.cbse-HSCER-201412345678. */
export function documentUri(orgId: string, docType: string, docId: string): string {
  return `${orgId}-${docType}-${docId}`;
}

/** Crockford base32, 10 characters: printed on the document for verification by hand. */
export function newVerificationCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = pooledRandomBytes(10);
  let code = '';
  for (const b of bytes) code += alphabet[b & 31];
  return code;
}

/** From this many documents in a call, signing goes to the worker pool; below it a round trip costs more than it saves. */
const POOL_MIN_DOCUMENTS = 64;

/**
 * Issues documents: validates every row, resolves holders, signs each credential with the
 * issuer's active key and stores the batch in one transaction. Idempotent per (issuer, type,
 * doc id): a row whose URI already exists is reported as `exists` and changes nothing (use
 * update to change a document). Rows fail on their own; the rest of the batch goes ahead.
 * The actor is the issuer itself (or an operator), or Tijori issuing a resident's pull on the
 * issuer's behalf (the system actor: into that resident's locker only).
 */
export async function issueDocuments(deps: DomainDeps, actor: DirectoryActor | SystemActor, issuer: IssuerRow, inputs: IssueInput[]): Promise<IssueOutcome[]> {
  return (await prepareDocuments(deps, actor, issuer, inputs)).store();
}

/** A batch validated, checked, built and signed (or being signed): nothing of it stored yet. */
export interface PreparedDocuments {
  /** The URIs that store() will write (the batch's new documents). */
  readonly uris: ReadonlySet<string>;
  /** Stores the batch (waiting for its signatures) and answers for every input, in order. */
  store(): Promise<IssueOutcome[]>;
}

/**
 * The first half of issueDocuments: every read and all the CPU work; no writes but the
 * reservation of status-list entries. Large batches
 * are signed on the worker pool meanwhile, so a caller can prepare the next batch while this
 * one is signed, and store one while the next is signed. `pending` are URIs an earlier batch,
 * prepared but not stored yet, will write: here they are `exists`, as they would be had that
 * batch been stored first.
 */
export async function prepareDocuments(
  deps: DomainDeps,
  actor: DirectoryActor | SystemActor,
  issuer: IssuerRow,
  inputs: IssueInput[],
  pending: { has(uri: string): boolean } = new Set<string>(),
): Promise<PreparedDocuments> {
  assertActsFor(actor, issuer.id);
  assertMayIssueTo(
    actor,
    inputs.map((i) => i.holder),
  );
  const outcomes: IssueOutcome[] = new Array(inputs.length);
  const types = new Map<string, { row: DocumentTypeRow; fields: DocumentField[]; declared: Set<string>; names: LocalizedText } | null>();
  const valid: { index: number; input: IssueInput; uri: string; type: DocumentTypeRow; names: LocalizedText }[] = [];

  for (const [index, input] of inputs.entries()) {
    if (!types.has(input.docType)) {
      const row = await deps.repos.issuers.findDocumentType(issuer.id, input.docType);
      const fields = row ? row.fields : [];
      types.set(input.docType, row ? { row, fields, declared: new Set(fields.map((f) => f.key)), names: row.names } : null);
    }
    const type = types.get(input.docType);
    if (!type) {
      outcomes[index] = {
        ok: false,
        code: 'doctype_not_found',
        message: `${issuer.org_id} has no document type ${input.docType}.`,
        field: 'docType',
        reason: { key: 'doctype_not_found', params: { docType: input.docType } },
      };
      continue;
    }
    const problem = validate(input, type.fields, type.declared);
    if (problem) {
      outcomes[index] = { ok: false, ...problem };
      continue;
    }
    valid.push({ index, input, uri: documentUri(issuer.org_id, input.docType, input.docId), type: type.row, names: type.names });
  }

  const existing = await deps.repos.documents.findExistingUris(valid.map((v) => v.uri).filter((uri) => !pending.has(uri)));
  const seen = new Set<string>();
  const fresh = valid.filter((v) => {
    if (existing.has(v.uri) || pending.has(v.uri) || seen.has(v.uri)) {
      outcomes[v.index] = { ok: true, uri: v.uri, outcome: 'exists' };
      return false;
    }
    seen.add(v.uri);
    return true;
  });
  if (fresh.length === 0) return { uris: seen, store: async () => outcomes };

  const holders = await resolveHolders(
    deps,
    fresh.map((v) => v.input.holder),
  );
  // Reserving entries is the one write here: an atomic counter, harmless if the batch is never stored.
  const entries = await allocateStatusEntries(deps, issuer.id, fresh.length);
  const signer = await activeSigner(deps, issuer.id);
  const did = issuerDid(deps.publicUrl, issuer.org_id);
  const issuerNames = issuer.names;
  const issuerName = issuerNames.en;
  const notices: Notice[] = [];
  const invitations: Invitation[] = [];
  const header = { alg: signer.alg, typ: 'vc+jwt', kid: `${did}#${signer.kid}` };
  const now = deps.clock.now();
  const iat = Math.floor(now / 1000);
  const docs: Insertable<IssuedDocumentsTable>[] = [];
  const payloads: string[] = [];
  const terms: string[][] = [];
  const activity: ActivityEntry[] = [];

  for (const [i, v] of fresh.entries()) {
    const { input } = v;
    const id = deps.ids.uuidv7();
    const verificationCode = newVerificationCode();
    const entry = entries[i]!;
    const credential = buildCredential({
      uri: v.uri,
      version: 1,
      issuer: { orgId: issuer.org_id, did, name: issuerName },
      docType: { code: input.docType, name: v.names.en },
      holder: {
        name: input.holder.name,
        ...(input.holder.nameLocal ? { nameLocal: input.holder.nameLocal } : {}),
        ...(input.holder.dob ? { dob: input.holder.dob } : {}),
      },
      fields: input.fields,
      issuedOn: input.issuedOn,
      ...(input.validFrom ? { validFrom: input.validFrom } : {}),
      ...(input.validTo ? { validTo: input.validTo } : {}),
      verificationCode,
      documentContext: documentContextUrl(deps.publicUrl),
      status: {
        revocationList: statusListUrl(deps.publicUrl, entry.listId, 'revocation'),
        suspensionList: statusListUrl(deps.publicUrl, entry.listId, 'suspension'),
        index: entry.index,
      },
    });
    payloads.push(JSON.stringify({ ...credential, iss: did, iat }));
    terms.push(documentTerms({ docId: input.docId, holderName: input.holder.name, holderNameLocal: input.holder.nameLocal, fields: input.fields }));
    const holder = holders[i]!;
    docs.push({
      id,
      uri: v.uri,
      issuer_id: issuer.id,
      doc_type: input.docType,
      doc_id: input.docId,
      version: 1,
      resident_id: holder.residentId,
      holder_lookup: holder.holderLookup,
      holder_name: input.holder.name,
      issued_on: input.issuedOn,
      valid_from: input.validFrom ?? null,
      valid_to: input.validTo ?? null,
      status: 'active' as const,
      status_reason: null,
      status_changed_at: null,
      verification_code: verificationCode,
      created_at: now,
      updated_at: now,
      status_list_id: entry.listId,
      status_index: entry.index,
    });
    if (holder.residentId) {
      activity.push({ residentId: holder.residentId, type: 'document_issued', details: { uri: v.uri, issuer: issuer.org_id } });
      notices.push({ residentId: holder.residentId, kind: 'document_issued', params: { document: v.names, issuer: issuerNames, uri: v.uri } });
    } else if (holder.holderLookup && input.holder.mobile)
      invitations.push({
        holderLookup: holder.holderLookup,
        mobile: input.holder.mobile,
        by: input.holder.aadhaar ? 'aadhaar' : 'mobile',
        language: input.holder.language,
        document: v.names,
        issuer: issuerNames,
        uri: v.uri,
      });
    outcomes[v.index] = { ok: true, uri: v.uri, outcome: holder.residentId ? 'issued' : 'held' };
  }
  const indexes = fresh.map((v) => v.index);
  const signing: Promise<Pick<SignedBatch, 'jws' | 'release'>> =
    payloads.length >= POOL_MIN_DOCUMENTS ? deps.signingPool.signMany(signer.key, header, payloads) : Promise.resolve(signNow(signer.key, header, payloads));
  // store() awaits it (and throws its error); until then a failure is not unhandled.
  signing.catch(() => undefined);

  return {
    uris: seen,
    async store() {
      const signed = await signing;
      const rest = docs.map((doc, i) => ({
        doc,
        version: { document_id: doc.id, version: 1, kid: signer.kid, credential: signed.jws(i), created_at: now } satisfies Insertable<DocumentVersionsTable>,
        index: indexes[i]!,
        terms: terms[i]!,
      }));
      signed.release();
      // Another writer may have issued some of the same URIs since we looked (a concurrent push
      // of the same rows): those are left alone and become `exists`.
      // The batch's audit entry is written with the documents, naming those actually stored.
      const stored = await deps.repos.documents.insertNew(rest, auditDraft(deps, actor, 'documents.issued', { issuerId: issuer.id }));
      for (const p of rest) if (!stored.has(p.doc.uri)) outcomes[p.index] = { ok: true, uri: p.doc.uri, outcome: 'exists' };
      // One counter per document type per batch (a bulk job's batch bumps it once).
      const day = statDay(now);
      await deps.repos.stats.bump(
        rest
          .filter((p) => stored.has(p.doc.uri))
          .map((p) => ({ metric: 'documents_issued' as const, day, issuerId: issuer.id, dimension: p.doc.doc_type, n: 1 })),
      );
      await recordActivities(
        deps,
        activity.filter((a) => stored.has(String(a.details.uri))),
      );
      // A pull the issuer answered "pending" has arrived: the resident hears that, not "issued".
      const arrived = await completePendingPulls(
        deps,
        issuer.id,
        rest.filter((p) => stored.has(p.doc.uri)).map((p) => p.doc),
      );
      await notify(
        deps,
        notices.filter((n) => stored.has(n.params.uri!)).map((n) => (arrived.has(n.params.uri!) ? { ...n, kind: 'pull_arrived' as const } : n)),
      );
      await inviteHolders(
        deps,
        invitations.filter((i) => stored.has(i.uri)),
      );
      return outcomes;
    },
  };
}

/** Signs on this thread (a few documents: a worker round trip would cost more). */
function signNow(key: KeyObject, header: Record<string, unknown>, payloads: string[]): Pick<SignedBatch, 'jws' | 'release'> {
  const jws = payloads.map((p) => signCompactJwsJson(key, header, p));
  return { jws: (i) => jws[i]!, release: () => undefined };
}

/**
 * Characters no name or field value may hold: C0/C1 controls (CR, LF, NUL, …), bidi embedding,
 * override and isolate controls (they make a printed or displayed value read differently from
 * what was signed), noncharacters and lone surrogates (the XML form cannot carry them).
 */
const FORBIDDEN_CHARS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A field-level problem when `value` holds a forbidden character, else null. */
export function controlCharProblem(value: string | undefined, field: string): Problem | null {
  if (value === undefined || !FORBIDDEN_CHARS.test(value)) return null;
  const ch = value.match(FORBIDDEN_CHARS)![0]!;
  const char = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return invalid(`${field} contains a control character (${char}); line breaks, NUL and bidi overrides are not allowed.`, field, 'control_character', {
    field,
    char,
  });
}

type Problem = Omit<IssueFailure, 'ok'>;

/** An `invalid_row` problem with its reason. */
function invalid(message: string, field: string, key: RejectionKey, params?: Record<string, string>): Problem {
  return { code: 'invalid_row', message, field, reason: params ? { key, params } : { key } };
}

function validate(input: IssueInput, fields: DocumentField[], declared: ReadonlySet<string>): Problem | null {
  if (!DOC_ID_PATTERN.test(input.docId)) return invalid('docId must be 1–64 letters or digits.', 'docId', 'doc_id');
  const h = input.holder;
  // A mobile beside an Aadhaar number is where the holder is invited, not whom the document is for.
  const named = [h.aadhaar, h.aadhaar ? undefined : h.mobile, h.lockerId].filter((x) => x !== undefined && x !== '').length;
  if (named !== 1 || (h.lockerId && h.mobile))
    return invalid('Name the holder by exactly one of aadhaar, mobile or lockerId (a mobile may go with an aadhaar).', 'holder', 'holder_one_of');
  if (h.language !== undefined && !(SUPPORTED_LANGUAGES as readonly string[]).includes(h.language))
    return invalid(`holder.language must be one of ${SUPPORTED_LANGUAGES.join(', ')}.`, 'holder.language', 'holder_language', {
      languages: SUPPORTED_LANGUAGES.join(', '),
    });
  if (h.aadhaar !== undefined && h.aadhaar !== '' && !isValidAadhaar(h.aadhaar))
    return invalid('The Aadhaar number is not valid.', 'holder.aadhaar', 'holder_aadhaar');
  if (h.mobile !== undefined && h.mobile !== '' && !isValidMobile(h.mobile))
    return invalid('The mobile number is not valid.', 'holder.mobile', 'holder_mobile');
  if (!h.name || h.name.length > 200) return invalid('The holder name is required (at most 200 characters).', 'holder.name', 'holder_name');
  if (h.dob !== undefined && !isDate(h.dob)) return invalid('holder.dob must be a real date, YYYY-MM-DD.', 'holder.dob', 'date', { field: 'holder.dob' });
  const badName = controlCharProblem(h.name, 'holder.name') ?? controlCharProblem(h.nameLocal, 'holder.nameLocal');
  if (badName) return badName;
  for (const key of ['issuedOn', 'validFrom', 'validTo'] as const) {
    const value = input[key];
    if ((key === 'issuedOn' || value !== undefined) && !isDate(value ?? ''))
      return invalid(`${key} must be a real date, YYYY-MM-DD.`, key, 'date', { field: key });
  }
  if (input.validFrom && input.validTo && input.validTo < input.validFrom) return invalid('validTo is before validFrom.', 'validTo', 'valid_range');
  for (const key in input.fields) {
    const value = input.fields[key];
    if (!declared.has(key)) {
      const field = `fields.${key.slice(0, 40)}`;
      return invalid(`This document type has no field "${key.slice(0, 40)}".`, field, 'unknown_field', { field });
    }
    if (typeof value !== 'string' || value.length > 1000)
      return invalid(`Field ${key} must be text of at most 1000 characters.`, `fields.${key}`, 'field_too_long', { field: `fields.${key}` });
    const bad = controlCharProblem(value, `fields.${key}`);
    if (bad) return bad;
  }
  for (const f of fields) {
    if (f.required && !input.fields[f.key]) return invalid(`Field ${f.key} is required.`, `fields.${f.key}`, 'field_required', { field: `fields.${f.key}` });
  }
  return null;
}

/** The date rule (YYYY-MM-DD, a day that exists) lives in @tijori/rules, shared with the portal. */
export { isDate };
