import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { isUniqueViolation } from '../../db/db-errors.js';
import type { DocumentStatus } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { BulkJobRow, BulkRejection } from '../../repositories/bulk-jobs.repository.js';
import type { StatusTarget } from '../../repositories/document-status.repository.js';
import type { IssuerRow } from '../../repositories/issuers.repository.js';
import { recordActivities } from '../activity/record-activity.js';
import { assertActsFor, type BulkSystemActor, type DirectoryActor } from '../actors.js';
import { recordAudit } from '../audit/audit-log.js';
import type { DomainDeps, Repositories } from '../context.js';
import { findDocumentType, findIssuer } from '../issuers/find-issuer.js';
import type { StatusRejectionKey } from '../documents/rejection-reasons.js';
import type { LocalizedText } from '../issuers/localized.js';
import { smsNotices, storeNotices, type Notice } from '../notifications/notify.js';
import { publishedStatusList } from '../status/status-lists.js';
import { discardSource, queuedJob, toView, type BulkJobView } from './bulk-jobs.js';
import { recordBlobs } from '../blobs/record-blobs.js';

/** Documents changed per transaction: one UPDATE, one status-list bump, one audit entry each. */
export const STATUS_CHUNK = 2000;
export const STATUS_JOB_MAX_URIS = 200_000;
const AUDIT_URIS = 20;

export type BulkStatus = Extract<DocumentStatus, 'revoked' | 'suspended'>;

/** What each new status may be reached from (a revoked document stays revoked). */
const FROM: Record<BulkStatus, DocumentStatus[]> = { revoked: ['active', 'suspended'], suspended: ['active'] };

export interface StatusJobInput {
  status: BulkStatus;
  reason: string;
  /** Each URI once; or */
  uris?: string[];
  /**
   * every document of this type issued before this date (YYYY-MM-DD) when the job is made; or,
   * with `uris`, the listed documents that match it (the others are rejected by row).
   */
  filter?: { docType: string; issuedBefore: string };
  /** The client's Idempotency-Key: sent again, it answers the job it made. */
  requestKey?: string;
}

/**
 * Accepts a bulk revocation or suspension of an issuer's documents: the list of URIs is stored
 * durably (encrypted, in the blob store) before the job is acknowledged; the worker then changes
 * the documents in chunks (runStatusJob). `created` is false when the Idempotency-Key had
 * already made this job.
 */
export async function createStatusJob(
  deps: DomainDeps,
  actor: DirectoryActor,
  orgId: string,
  input: StatusJobInput,
): Promise<{ job: BulkJobView; created: boolean }> {
  const issuer = await findIssuer(deps, orgId);
  assertActsFor(actor, issuer.id);
  if (input.uris === undefined && input.filter === undefined)
    throw new AppError(
      'validation_failed',
      'Give `uris` (a list of documents), `filter` (a document type and a date), or both (the listed documents that match the filter).',
    );
  if (input.uris !== undefined) {
    if (input.uris.length === 0) throw new AppError('validation_failed', 'The list of URIs is empty.');
    if (input.uris.length > STATUS_JOB_MAX_URIS)
      throw new AppError('validation_failed', `At most ${STATUS_JOB_MAX_URIS.toLocaleString('en-US')} URIs per job.`);
    if (new Set(input.uris).size !== input.uris.length) throw new AppError('validation_failed', 'A URI is listed more than once.');
  }
  if (input.filter) await findDocumentType(deps, issuer, input.filter.docType);
  const source = input.uris ? Buffer.from(input.uris.join('\n') + '\n') : Buffer.from(JSON.stringify(input.filter));
  const sha256 = createHash('sha256').update(source).digest('hex');
  const filter = input.filter ? JSON.stringify({ docType: input.filter.docType, issuedBefore: input.filter.issuedBefore }) : null;

  const earlier = input.requestKey ? await deps.repos.bulkJobs.findByRequestKey(issuer.id, input.requestKey) : undefined;
  if (earlier) return { job: sameRequest(earlier, input, sha256, filter, orgId), created: false };

  // Only a list is worth a blob; a filter job's "source" is its filter, kept in the row.
  const stored = input.uris ? await deps.blobs.put(Readable.from([source])) : { sha256, size: source.length };
  const now = deps.clock.now();
  const id = deps.ids.uuidv7();
  try {
    await deps.transaction(async (repos) => {
      if (input.uris) await recordBlobs(deps, repos, [{ sha256: stored.sha256, size_bytes: stored.size, media_type: 'text/uri-list', stored_at: now }]);
      await repos.bulkJobs.insert({
        ...queuedJob({
          id,
          issuer_id: issuer.id,
          format: input.uris ? 'uri-list' : 'filter',
          source_sha256: stored.sha256,
          source_bytes: stored.size,
          created_at: now,
        }),
        kind: 'status',
        target_status: input.status,
        reason: input.reason,
        filter,
        request_key: input.requestKey ?? null,
      });
      await recordAudit({ ...deps, repos }, actor, 'bulk_job.created', {
        issuerId: issuer.id,
        target: id,
        details: {
          kind: 'status',
          status: input.status,
          reason: input.reason,
          ...(input.uris ? { uris: input.uris.length, sha256 } : {}),
          ...(input.filter ? { filter: input.filter } : {}),
        },
      });
    });
  } catch (err) {
    // The same key sent twice at once: the other request made the job.
    if (!input.requestKey || !isUniqueViolation(err)) throw err;
    const made = await deps.repos.bulkJobs.findByRequestKey(issuer.id, input.requestKey);
    if (!made) throw err;
    return { job: sameRequest(made, input, sha256, filter, orgId), created: false };
  }
  return { job: toView((await deps.repos.bulkJobs.find(id))!, orgId), created: true };
}

/** The job an Idempotency-Key made, when this request asks for the same thing; else 409. */
function sameRequest(job: BulkJobRow, input: StatusJobInput, sha256: string, filter: string | null, orgId: string): BulkJobView {
  const sameSource = input.uris ? job.format === 'uri-list' && job.source_sha256 === sha256 : job.format === 'filter';
  const same = job.kind === 'status' && job.target_status === input.status && job.reason === input.reason && job.filter === filter && sameSource;
  if (!same) throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used for another request; use a new key for a new job.');
  return toView(job, orgId);
}

interface Run {
  deps: DomainDeps;
  job: BulkJobRow;
  issuer: IssuerRow;
  actor: BulkSystemActor;
  status: BulkStatus;
  reason: string | null;
  counted: { done: number; ok: number; failed: number };
  /** Lists whose documents this run changed: published again at the end. */
  lists: Set<string>;
  typeNames: Map<string, Promise<LocalizedText>>;
  leaseMs: number;
}

/**
 * Runs a status job to the end. Each chunk is one transaction: the documents' new status, the
 * bump of their status lists, the holders' inbox notices and activity events, the rejected rows,
 * the job's progress and the chunk's audit entry commit together or not at all. So a job resumed
 * after a crash (its lease lapsed) starts after the last committed chunk and changes, notifies
 * and audits each document exactly once; a document already in the new status is reported
 * (`already_revoked`), never changed twice.
 */
export async function runStatusJob(deps: DomainDeps, jobId: string, leaseMs = 60_000): Promise<BulkJobRow['status']> {
  if (!(await deps.repos.bulkJobs.claim(jobId, deps.clock.now(), leaseMs))) return 'running';
  const job = (await deps.repos.bulkJobs.find(jobId))!;
  if (job.kind !== 'status' || !job.target_status) throw new AppError('conflict', 'Not a status job.');
  const issuer = (await deps.repos.issuers.findById(job.issuer_id))!;
  const run: Run = {
    deps,
    job,
    issuer,
    actor: { kind: 'system', task: 'bulk', issuerId: issuer.id, jobId },
    status: job.target_status,
    reason: job.reason,
    counted: { done: job.rows_done, ok: job.rows_ok, failed: job.rows_failed },
    lists: new Set(),
    typeNames: new Map(),
    leaseMs,
  };
  try {
    const filter = job.filter ? (JSON.parse(job.filter) as JobFilter) : undefined;
    if (job.format === 'filter') await runFilter(run, filter!);
    else if (!(await runList(run, filter))) return 'failed';
    // Verifiers fetching a list next get it signed already (each list is built once, not per fetch).
    for (const listId of run.lists) await publishedStatusList(deps, listId, 'revocation');
    const t = deps.clock.now();
    await deps.repos.bulkJobs.update(jobId, { status: 'done', bytes_done: job.source_bytes, finished_at: t, updated_at: t, lease_until: null });
    // Once finished: an unfinished job's source is kept.
    if (job.format === 'uri-list') await discardSource(deps, job);
    return 'done';
  } catch (err) {
    if (err instanceof AppError && (err.code === 'database_unavailable' || err.code === 'blob_store_unavailable')) return 'running';
    const t = deps.clock.now();
    await deps.repos.bulkJobs.update(jobId, {
      status: 'failed',
      error: err instanceof AppError ? err.message : 'The job stopped on an unexpected error.',
      finished_at: t,
      updated_at: t,
    });
    if (job.format === 'uri-list') await discardSource(deps, job).catch(() => undefined);
    throw err;
  }
}

type JobFilter = { docType: string; issuedBefore: string };

/**
 * URIs from the stored list, a chunk at a time, from the row after the last committed one;
 * with a filter, only the listed documents that match it.
 */
async function runList(run: Run, filter: JobFilter | undefined): Promise<boolean> {
  const { deps, job } = run;
  const source = await deps.blobs.get(job.source_sha256);
  if (!source) {
    const t = deps.clock.now();
    await deps.repos.bulkJobs.update(job.id, { status: 'failed', error: 'The list of URIs is missing from the store.', finished_at: t, updated_at: t });
    return false;
  }
  let rows: { row: number; uri: string }[] = [];
  let row = 0;
  for await (const line of createInterface({ input: source.stream, crlfDelay: Infinity })) {
    if (line === '') continue;
    row++;
    if (row <= job.rows_done) continue;
    rows.push({ row, uri: line });
    if (rows.length >= STATUS_CHUNK) {
      const chunk = rows;
      await inTransaction(run, (repos) => listChunk(run, repos, chunk, filter));
      rows = [];
    }
  }
  if (rows.length > 0) await inTransaction(run, (repos) => listChunk(run, repos, rows, filter));
  return true;
}

async function listChunk(run: Run, repos: Repositories, rows: { row: number; uri: string }[], filter: JobFilter | undefined): Promise<Chunk> {
  const { issuer } = run;
  const found = new Map((await repos.documentStatus.byUris(rows.map((r) => r.uri))).map((d) => [d.uri, d]));
  const from = FROM[run.status];
  const rejections: BulkRejection[] = [];
  const targets: StatusTarget[] = [];
  for (const { row, uri } of rows) {
    const doc = found.get(uri);
    // Another issuer's URI is refused the same way whether or not such a document exists.
    if (!uri.startsWith(`${issuer.org_id}-`) || (doc && doc.issuer_id !== issuer.id))
      rejections.push(refusal(run, row, 'not_issuer_document', `${uri} is not a document of ${issuer.org_id}.`, { uri }));
    else if (!doc) rejections.push(refusal(run, row, 'unknown_uri', `No document of ${issuer.org_id} has the URI ${uri}.`, { uri }));
    else if (filter && (doc.doc_type !== filter.docType || doc.issued_on >= filter.issuedBefore))
      rejections.push(refusal(run, row, 'not_matching_filter', `${uri} is not a ${filter.docType} issued before ${filter.issuedBefore}.`, { uri, ...filter }));
    else if (!from.includes(doc.status))
      rejections.push(refusal(run, row, doc.status === 'revoked' ? 'already_revoked' : 'already_suspended', `${uri} is already ${doc.status}.`, { uri }));
    else targets.push(doc);
  }
  const rowOf = new Map(rows.map((r) => [r.uri, r.row]));
  return applyChunk(run, repos, targets, rejections, rows.at(-1)!.row, (doc) => rowOf.get(doc.uri)!);
}

/** Every document of a type issued before a date (and made before the job), a chunk at a time. */
async function runFilter(run: Run, filter: JobFilter): Promise<void> {
  for (;;) {
    const chunk = await inTransaction(run, async (repos) => {
      const targets = await repos.documentStatus.byFilter(run.issuer.id, { ...filter, createdBy: run.job.created_at }, FROM[run.status], STATUS_CHUNK);
      const first = run.counted.done;
      const rowOf = new Map(targets.map((d, i) => [d.id, first + i + 1]));
      return applyChunk(run, repos, targets, [], first + targets.length, (doc) => rowOf.get(doc.id)!);
    });
    if (chunk.read < STATUS_CHUNK) return;
  }
}

/** What a committed chunk adds to the run. */
interface Chunk {
  /** Documents the chunk looked at. */
  read: number;
  counted: Run['counted'];
  lists: string[];
  /** The holders' notices, already in their inboxes: an SMS may follow the commit. */
  notices: Notice[];
}

/** One chunk's writes, in its transaction, the audit entry last. */
async function applyChunk(
  run: Run,
  repos: Repositories,
  targets: StatusTarget[],
  rejections: BulkRejection[],
  lastRow: number,
  rowOf: (doc: StatusTarget) => number,
): Promise<Chunk> {
  const { deps, issuer, status, reason } = run;
  const read = targets.length + rejections.length;
  if (read === 0) return { read, counted: run.counted, lists: [], notices: [] };
  const tx = { ...deps, repos };
  const now = deps.clock.now();
  const updated = await repos.documentStatus.setMany(
    targets.map((d) => d.id),
    FROM[status],
    { status, reason, at: now },
  );
  // Never another issuer's document: the targets were read as this issuer's, and an id that
  // answers otherwise undoes the whole chunk.
  if (updated.some((d) => d.issuer_id !== issuer.id)) throw new Error('a status job reached a document of another issuer');
  const changedIds = new Set(updated.map((d) => d.id));
  const changed = targets.filter((d) => changedIds.has(d.id));
  // Read, then changed by someone else before this transaction could (PostgreSQL): not ours.
  for (const d of targets)
    if (!changedIds.has(d.id)) rejections.push(refusal(run, rowOf(d), 'changed_meanwhile', `${d.uri} changed status while the job ran.`, { uri: d.uri }));
  const lists = [...new Set(changed.map((d) => d.status_list_id).filter((l): l is string => l !== null))];
  await repos.statusLists.bumpMany(lists);
  const notices: Notice[] = [];
  const held = changed.filter((d) => d.resident_id !== null);
  for (const d of held)
    notices.push({
      residentId: d.resident_id!,
      kind: status === 'revoked' ? 'document_revoked' : 'document_suspended',
      params: { document: await typeNames(run, repos, d.doc_type), issuer: issuer.names, uri: d.uri, ...(reason ? { reason } : {}) },
    });
  await storeNotices(tx, notices);
  await recordActivities(
    tx,
    held.map((d) => ({ residentId: d.resident_id!, type: 'document_status_changed', details: { uri: d.uri, status } })),
  );
  await repos.bulkJobs.insertRejections(rejections);
  const counted = { done: lastRow, ok: run.counted.ok + changed.length, failed: run.counted.failed + rejections.length };
  await repos.bulkJobs.update(run.job.id, {
    rows_done: counted.done,
    rows_ok: counted.ok,
    rows_failed: counted.failed,
    lease_until: now + run.leaseMs,
    updated_at: now,
  });
  if (changed.length > 0) {
    const uris = changed.map((d) => d.uri);
    await recordAudit(tx, run.actor, 'documents.status_changed', {
      issuerId: issuer.id,
      target: run.job.id,
      details: {
        to: status,
        reason,
        count: changed.length,
        fromSuspended: changed.filter((d) => d.status === 'suspended').length,
        uris: uris.slice(0, AUDIT_URIS),
        urisSha256: createHash('sha256').update(uris.join('\n')).digest('hex'),
      },
    });
  }
  return { read, counted, lists, notices };
}

/**
 * Runs a chunk's transaction, again when it lost a race (a holder's activity chain extended by
 * another writer, a deadlock on PostgreSQL): the chunk re-reads everything, so a retry is safe.
 * Only after the commit does the run count the chunk; then the SMS, for a chunk that reaches
 * few holders (as a single revocation tells its holder), none for a large one (inbox only).
 */
async function inTransaction(run: Run, fn: (repos: Repositories) => Promise<Chunk>): Promise<Chunk> {
  for (let attempt = 1; ; attempt++) {
    let chunk: Chunk;
    try {
      chunk = await run.deps.transaction(fn);
    } catch (err) {
      if (attempt < 5 && isRace(err)) continue;
      throw err;
    }
    run.counted = chunk.counted;
    for (const l of chunk.lists) run.lists.add(l);
    await smsNotices(run.deps, chunk.notices).catch(() => undefined);
    return chunk;
  }
}

function isRace(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return isUniqueViolation(err) || code === '25P02' || code === '40001' || code === '40P01';
}

/** A listed document left alone: the code, the English message, and the key and URI the console words in its reader's language. */
function refusal(run: Run, row: number, code: StatusRejectionKey, message: string, params: Record<string, string>): BulkRejection {
  const cut = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.slice(0, 200)]));
  return { job_id: run.job.id, row_number: row, code, message: message.slice(0, 300), reason: { key: code, params: cut } };
}

/** A document type's names, read once per run (through the chunk's transaction: SQLite has one connection). */
function typeNames(run: Run, repos: Repositories, docType: string): Promise<LocalizedText> {
  let names = run.typeNames.get(docType);
  if (!names) {
    names = repos.issuers.findDocumentType(run.issuer.id, docType).then((t) => t?.names ?? { en: docType });
    run.typeNames.set(docType, names);
  }
  return names;
}
