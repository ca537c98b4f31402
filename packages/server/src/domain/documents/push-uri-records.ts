import { AppError, isAppError } from '../../lib/errors.js';
import type { IssuerRow } from '../../repositories/issuers.repository.js';
import type { DomainDeps } from '../context.js';
import type { IssuerMessageHeader } from '../issuer-protocol.js';
import type { IssuerActor } from '../actors.js';
import { digilockerSecret } from '../issuers/issuer-credentials.js';
import { recordAudit } from '../audit/audit-log.js';
import { changeDocumentStatus } from './change-document-status.js';
import { issueDocuments, type IssueOutcome } from './issue-documents.js';
import { resolveHolders } from './holders.js';
import { updateDocument } from './update-document.js';
import { keepIssuerOriginals } from './issuer-originals.js';
import { pushedContent, type PushedContent } from './pushed-content.js';

/** The stand-in holder name when a pushed URI's holder has no account yet (the push carries none). */
const NAME_AS_PER_AADHAAR = 'As per Aadhaar';

/**
 * One pushed document record: a URI to add (A), re-date (U) or delete (D), for the holder with
 * this Aadhaar number (clear, Verhoeff-checked by the protocol adapter; never logged).
 */
export interface PushRecord {
  /** The holder: by Aadhaar number (Push URI messages) or by locker id (`account/1/pushuri`). */
  aadhaar?: string;
  lockerId?: string;
  uri: string;
  /** The org id the URI names. */
  issuerId: string;
  docType: string;
  docId: string;
  /** YYYY-MM-DD, as are the other dates. */
  issuedOn: string;
  validFrom?: string;
  validTo?: string;
  action: 'A' | 'U' | 'D';
}

const holderOf = (r: PushRecord) => (r.aadhaar ? { aadhaar: r.aadhaar } : { lockerId: r.lockerId! });

/** How far a message's `ts` may be from now; a txn is remembered for at least twice as long. */
export const PUSH_FRESHNESS_MS = 30 * 60 * 1000;

/**
 * Authenticates a DigiLocker-protocol message and makes it single-use:
 * - `orgId` names an active issuer and `keyhash` (SHA-256 of client secret + ts) matches one of
 *   its live DigiLocker clients, with `ts` within 30 minutes of now;
 * - `x-digilocker-hmac` (Base64 HMAC-SHA256 of the exact body bytes under that secret) matches,
 *   binding the key to this body. A client may omit it only when an operator marked it
 *   legacy (the console shows that such a client's captured message can be re-used with
 *   another body);
 * - the client has not used this `txn` before (a unique key in the database, so every process
 *   agrees); txns are kept for twice the freshness window, after which the ts is stale anyway.
 */
export async function authenticatePushMessage(
  deps: DomainDeps,
  head: IssuerMessageHeader,
  signed: { body: Uint8Array; hmac: string | undefined },
): Promise<{ issuer: IssuerRow; actor: IssuerActor }> {
  const issuer = await deps.repos.issuers.findByOrgId(head.orgId);
  const denied = () => new AppError('unauthorized', 'The orgId and keyhash do not match a registered issuer client.');
  if (!issuer || issuer.status !== 'active') throw denied();
  const now = deps.clock.now();
  const ts = Date.parse(head.ts);
  if (!Number.isFinite(ts) || Math.abs(now - ts) > PUSH_FRESHNESS_MS)
    throw new AppError('bad_request', 'The ts attribute is missing or more than 30 minutes away from now.');
  for (const cred of await deps.repos.issuers.listCredentials(issuer.id)) {
    if (cred.kind !== 'digilocker' || cred.revoked_at !== null) continue;
    const secret = await digilockerSecret(deps, cred.client_id);
    if (!secret || !deps.issuerProtocol.verifyKeyhash(secret.secret, head.ts, head.keyhash)) continue;
    if (signed.hmac !== undefined) {
      if (!deps.issuerProtocol.verifyBodySignature(signed.body, secret.secret, signed.hmac))
        throw new AppError(
          'unauthorized',
          'The x-digilocker-hmac header does not match the body (Base64 HMAC-SHA256 of the exact body bytes with the client secret).',
        );
    } else if (cred.legacy_keyhash !== 1) {
      throw new AppError('unauthorized', 'The x-digilocker-hmac header is required: Base64 HMAC-SHA256 of the exact body bytes with the client secret.');
    }
    await deps.repos.issuerMessages.pruneTxns(now - 2 * PUSH_FRESHNESS_MS - 60_000);
    if (!(await deps.repos.issuerMessages.claimTxn(cred.id, head.txn, now))) {
      throw new AppError('txn_replayed', 'This txn was already used by this client; every message needs a new txn.');
    }
    await deps.repos.issuers.touchCredential(cred.id, now);
    return { issuer, actor: { kind: 'issuer', issuerId: issuer.id, via: 'digilocker', principalId: cred.id } };
  }
  throw denied();
}

/** `awaited`: accepted, its content awaited from the issuer; nothing issued yet. A record refused before issuing has no reason key. */
export type PushOutcome = IssueOutcome | { ok: true; uri: string; outcome: 'awaited' } | { ok: false; code: string; message: string };

/**
 * Applies Push URI records (A add, U update, D delete) through the same use-cases as the
 * native API. A push carries no content fields (see `pushedContent`): a URI whose content
 * cannot be had now is accepted and shown to its holder as "content awaited from the issuer".
 */
export async function applyPushRecords(deps: DomainDeps, issuer: IssuerRow, actor: IssuerActor, records: PushRecord[]): Promise<PushOutcome[]> {
  const outcomes: PushOutcome[] = new Array(records.length);
  const adds: { index: number; record: PushRecord }[] = [];
  for (const [index, r] of records.entries()) {
    if (r.issuerId !== issuer.org_id) {
      outcomes[index] = { ok: false, code: 'invalid_uri', message: 'The URI belongs to another issuer.' };
      continue;
    }
    if (r.action === 'A') {
      adds.push({ index, record: r });
      continue;
    }
    try {
      if (r.action === 'D' && (await deps.repos.awaitedDocuments.findByUri(r.uri))) {
        // Deleted before its content ever arrived: it is no longer awaited (audited with it).
        await deps.transaction(async (repos) => {
          await repos.awaitedDocuments.deleteUris([r.uri]);
          await recordAudit({ ...deps, repos }, actor, 'document.awaited_withdrawn', { issuerId: issuer.id, target: r.uri });
        });
        outcomes[index] = { ok: true, uri: r.uri, outcome: 'exists' };
        continue;
      }
      if (r.action === 'U')
        await updateDocument(deps, actor, r.uri, {
          issuedOn: r.issuedOn,
          ...(r.validFrom ? { validFrom: r.validFrom } : {}),
          ...(r.validTo ? { validTo: r.validTo } : {}),
        });
      else await changeDocumentStatus(deps, actor, r.uri, { status: 'revoked', reason: 'Deleted by the issuer (Push URI action D)' });
      outcomes[index] = { ok: true, uri: r.uri, outcome: 'exists' };
    } catch (err) {
      if (!isAppError(err)) throw err;
      outcomes[index] = { ok: false, code: err.code, message: err.message };
    }
  }
  if (adds.length > 0) await addPushedUris(deps, issuer, actor, adds, outcomes);
  return outcomes;
}

async function addPushedUris(deps: DomainDeps, issuer: IssuerRow, actor: IssuerActor, adds: { index: number; record: PushRecord }[], outcomes: PushOutcome[]) {
  const holders = await resolveHolders(
    deps,
    adds.map((a) => holderOf(a.record)),
  );
  const names = await Promise.all(
    holders.map(async (h) => (h.residentId ? (await deps.repos.residents.findById(h.residentId))?.name : null) ?? NAME_AS_PER_AADHAAR),
  );
  const content = await pushedContent(
    deps,
    issuer,
    adds.map((a, i) => ({ record: a.record, residentId: holders[i]!.residentId })),
  );
  const issuing: number[] = [];
  const now = deps.clock.now();
  const awaitContent = async (i: number, reason: string) => {
    const { record, index } = adds[i]!;
    const holder = holders[i]!;
    // Accepted for the holder before its content: the client that pushed it is audited with it.
    await deps.transaction(async (repos) => {
      await repos.awaitedDocuments.upsert({
        id: deps.ids.uuidv7(),
        uri: record.uri,
        issuer_id: issuer.id,
        doc_type: record.docType,
        doc_id: record.docId,
        resident_id: holder.residentId,
        holder_lookup: holder.holderLookup,
        issued_on: record.issuedOn,
        valid_from: record.validFrom ?? null,
        valid_to: record.validTo ?? null,
        reason,
        created_at: now,
        updated_at: now,
      });
      await recordAudit({ ...deps, repos }, actor, 'document.awaited', {
        issuerId: issuer.id,
        target: record.uri,
        details: { docType: record.docType, reason },
      });
    });
    outcomes[index] = { ok: true, uri: record.uri, outcome: 'awaited' };
  };
  for (const [i, c] of content.entries()) {
    if (c.kind === 'awaited') await awaitContent(i, c.reason);
    else issuing.push(i);
  }
  const results = await issueDocuments(
    deps,
    actor,
    issuer,
    issuing.map((i) => {
      const { record } = adds[i]!;
      const c = content[i] as Exclude<PushedContent, { kind: 'awaited' }>;
      const holder = c.kind === 'found' ? c.holder : undefined;
      return {
        docType: record.docType,
        docId: record.docId,
        holder: { ...holderOf(record), name: holder?.name ?? names[i]!, ...(holder?.dob ? { dob: holder.dob } : {}) },
        fields: c.kind === 'found' ? c.fields : {},
        issuedOn: record.issuedOn,
        ...(record.validFrom ? { validFrom: record.validFrom } : {}),
        ...(record.validTo ? { validTo: record.validTo } : {}),
      };
    }),
  );
  const issued: string[] = [];
  for (const [j, r] of results.entries()) {
    const i = issuing[j]!;
    outcomes[adds[i]!.index] = r;
    if (!r.ok || r.outcome === 'exists') continue;
    issued.push(r.uri);
    const c = content[i]!;
    if (c.kind === 'found' && c.originals) {
      const doc = await deps.repos.documents.findByUri(r.uri);
      if (doc) await keepIssuerOriginals(deps, doc, c.originals);
    }
  }
  await deps.repos.awaitedDocuments.deleteUris(issued);
}
