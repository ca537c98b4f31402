import type { Readable } from 'node:stream';
import { sha256Hex } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import type { LiveToken } from '../../repositories/consents.repository.js';
import { documentNames, smsNotices, type Notice } from '../notifications/notify.js';
import { writeAccessRecord } from './access-records.js';
import type { LocalizedText } from '../issuers/localized.js';
import type { ConsentAccess } from '@tijori/texts';
import { statDay } from '../statistics/stat-day.js';
import type { DomainDeps } from '../context.js';
import type { RequesterActor, ResidentActor } from '../actors.js';
import { documentPdf } from '../documents/document-pdf.js';
import { documentXml, type DocumentXml } from '../documents/document-xml.js';
import { summarizeDocuments } from '../documents/list-resident-documents.js';
import { parseScope } from '../requesters/scopes.js';
import { partnerProfile } from './profile.js';

/**
 * Checked in the database on every request, so a withdrawal, a suspension or a revocation in
 * any process stops the token for every process at once.
 */
export async function authenticateRequesterToken(deps: DomainDeps, token: string): Promise<RequesterActor> {
  const t: LiveToken | undefined = await deps.repos.consents.findToken(sha256Hex(token));
  const now = deps.clock.now();
  if (
    !t ||
    t.kind !== 'access' ||
    t.revoked_at !== null ||
    t.expires_at <= now ||
    t.withdrawn_at !== null ||
    t.valid_until <= now ||
    t.requester_status !== 'active'
  ) {
    throw new AppError('invalid_token', 'The access token is not valid (expired, revoked, or its consent was withdrawn).');
  }
  return {
    kind: 'requester',
    consentId: t.consent_id,
    requesterId: t.requester_id,
    clientId: t.client_id,
    residentId: t.resident_id,
    scopes: parseScope(t.scope),
    documents: t.documents,
    uploads: t.uploads,
  };
}

export function requireScope(access: RequesterActor, scope: string): void {
  if (!access.scopes.includes(scope)) throw new AppError('insufficient_scope', `The resident's consent does not include ${scope}.`);
}

/** Acting for the resident whose consent this is: owner checks below still apply. */
export const onBehalf = (access: RequesterActor): ResidentActor => ({
  kind: 'resident',
  residentId: access.residentId,
  sessionId: `consent:${access.consentId}`,
});

/**
 * Every access lands in the resident's activity log, on the consent's counters and in the
 * resident's inbox, naming the requester and what it read (all three in one transaction, shared
 * with concurrent requests' records on SQLite: access-records.ts), before the answer; by SMS at
 * most once per consent per (Indian) day, so a requester reading ten files does not send ten
 * messages.
 */
export async function audit(deps: DomainDeps, access: RequesterActor, what: ConsentAccess, uri?: string): Promise<void> {
  const notice = await consentUsedNotice(deps, access, deps.clock.now(), what, uri);
  await writeAccessRecord(deps, {
    consentId: access.consentId,
    residentId: access.residentId,
    details: { consentId: access.consentId, clientId: access.clientId, what, ...(uri ? { uri } : {}) },
    notice,
  });
  await smsNotices(deps, [notice]);
}

/** Names of requesters by id, per database: they are registered once and never edited (requesters.repository.ts). */
const requesterNames = new WeakMap<object, Map<string, LocalizedText>>();

async function namesOfRequester(deps: DomainDeps, access: RequesterActor): Promise<LocalizedText> {
  let cache = requesterNames.get(deps.db);
  if (!cache) requesterNames.set(deps.db, (cache = new Map()));
  const hit = cache.get(access.requesterId);
  if (hit) return hit;
  const requester = await deps.repos.requesters.findById(access.requesterId);
  if (!requester) return { en: access.clientId };
  if (cache.size >= 10_000) cache.clear();
  cache.set(access.requesterId, requester.names);
  return requester.names;
}

async function consentUsedNotice(deps: DomainDeps, access: RequesterActor, now: number, what: ConsentAccess, uri: string | undefined): Promise<Notice> {
  // An issued document is named (and linked); a drive file's URI is not a document's.
  const doc = uri ? await deps.repos.documents.findByUri(uri) : undefined;
  const issuer = doc ? await deps.repos.issuers.findById(doc.issuer_id) : undefined;
  const names = doc && issuer ? await documentNames(deps, doc, issuer) : undefined;
  return {
    residentId: access.residentId,
    kind: 'consent_used',
    params: {
      requester: await namesOfRequester(deps, access),
      access: what,
      at: now,
      ...(names && doc ? { document: names.document, uri: doc.uri } : {}),
    },
    smsOnceKey: `consent-used:${access.consentId}:${statDay(now)}`,
  };
}

export async function requesterUserDetails(deps: DomainDeps, access: RequesterActor) {
  requireScope(access, 'userdetails');
  const r = await deps.repos.residents.findById(access.residentId);
  if (!r || r.status !== 'active') throw new AppError('invalid_token', 'The resident’s account is closed.');
  await audit(deps, access, 'userdetails');
  const p = partnerProfile(r);
  return { sub: r.id, digilockerid: r.id, digilocker_id: r.id, name: p.name, dob: p.dob, gender: p.gender, eaadhaar: p.eaadhaar, eaadhar: p.eaadhar };
}

export interface IssuedFileItem {
  name: string;
  type: 'file';
  size: string;
  date: string;
  parent: string;
  mime: string | string[];
  uri: string;
  doctype: string;
  description: string;
  issuer: string;
  issuerid: string;
}

/** The issued documents the consent covers (only those the resident picked). */
export async function requesterIssuedFiles(deps: DomainDeps, access: RequesterActor, version: 1 | 2): Promise<IssuedFileItem[]> {
  requireScope(access, 'files.issueddocs');
  // Only what the consent covers and the resident still holds, newest first (as the resident's listing orders them).
  const rows = await deps.repos.documents.summariesByUris(access.residentId, access.documents);
  const items = (await summarizeDocuments(deps, rows, undefined)).map(
    (d): IssuedFileItem => ({
      name: d.name,
      type: 'file',
      size: '',
      date: `${d.issuedOn}T00:00:00Z`,
      parent: '',
      mime: version === 1 ? 'application/pdf' : ['application/pdf', 'application/xml'],
      uri: d.uri,
      doctype: d.docType,
      description: d.name,
      issuer: d.issuer.name,
      issuerid: d.issuer.orgId,
    }),
  );
  await audit(deps, access, 'files.issued');
  return items;
}

function assertCovered(access: RequesterActor, uri: string): void {
  requireScope(access, 'files.issueddocs');
  if (!access.documents.includes(uri)) throw new AppError('invalid_uri', 'No file found for given URI.');
}

export async function requesterFile(deps: DomainDeps, access: RequesterActor, uri: string): Promise<{ stream: Readable; size: number; filename: string }> {
  assertCovered(access, uri);
  const pdf = await documentPdf(deps, onBehalf(access), uri).catch(notFound);
  await audit(deps, access, 'file', uri);
  return pdf;
}

export async function requesterXml(deps: DomainDeps, access: RequesterActor, uri: string): Promise<DocumentXml> {
  assertCovered(access, uri);
  const xml = await documentXml(deps, onBehalf(access), uri).catch(notFound);
  await audit(deps, access, 'xml', uri);
  return xml;
}

function notFound(err: unknown): never {
  if (err instanceof AppError && err.code === 'document_not_found') throw new AppError('invalid_uri', 'No file found for given URI.');
  throw err;
}
