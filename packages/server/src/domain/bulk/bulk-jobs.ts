import { recordAudit } from '../audit/audit-log.js';
import type { Readable } from 'node:stream';
import type { Insertable } from 'kysely';
import type { BulkJobsTable } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { BulkJobRow, BulkRejection } from '../../repositories/bulk-jobs.repository.js';
import type { DomainDeps } from '../context.js';
import { prepareDocuments, REJECTION_KEYS, type IssueInput, type PreparedDocuments, type RejectionReason } from '../documents/issue-documents.js';
import { assertActsFor, type BulkSystemActor, type DirectoryActor } from '../actors.js';
import { findIssuer } from '../issuers/find-issuer.js';
import { readBulkRows, type BulkFormat } from './bulk-rows.js';
import { bulkRows } from '../../metrics/metrics.js';
import { purgeBlobs } from '../blobs/purge-blobs.js';
import { recordBlobs } from '../blobs/record-blobs.js';

export const BULK_MAX_BYTES = 2 * 1024 * 1024 * 1024;
const BATCH_ROWS = 2000;
/** Batches read ahead of the one being stored: one signing while one is written. */
const MAX_IN_FLIGHT = 2;

export interface BulkJobView {
  id: string;
  orgId: string;
  /** `issue` (a file of documents) or `status` (revoke or suspend many documents). */
  kind: BulkJobRow['kind'];
  format: string;
  /** A status job's change: the new status, the reason, and its filter when it has one. */
  change?: { status: 'revoked' | 'suspended'; reason: string | null; filter?: { docType: string; issuedBefore: string } };
  status: BulkJobRow['status'];
  sourceBytes: number;
  bytesDone: number;
  rowsDone: number;
  rowsOk: number;
  rowsFailed: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  rowsPerSecond: number | null;
}

/**
 * Accepts a bulk file: it is stored durably (encrypted, in the blob store) before the job is
 * acknowledged, so a crash after 202 loses nothing; a worker then issues the rows.
 */
export async function createBulkJob(deps: DomainDeps, actor: DirectoryActor, orgId: string, format: BulkFormat, body: Readable): Promise<BulkJobView> {
  const issuer = await findIssuer(deps, orgId);
  assertActsFor(actor, issuer.id);
  const stored = await deps.blobs.put(body, { maxBytes: BULK_MAX_BYTES });
  if (stored.size === 0) throw new AppError('validation_failed', 'The file is empty.');
  const now = deps.clock.now();
  const id = deps.ids.uuidv7();
  await deps.transaction(async (repos) => {
    await recordBlobs(deps, repos, [
      { sha256: stored.sha256, size_bytes: stored.size, media_type: format === 'csv' ? 'text/csv' : 'application/x-ndjson', stored_at: now },
    ]);
    await repos.bulkJobs.insert(queuedJob({ id, issuer_id: issuer.id, format, source_sha256: stored.sha256, source_bytes: stored.size, created_at: now }));
    await recordAudit({ ...deps, repos }, actor, 'bulk_job.created', {
      issuerId: issuer.id,
      target: id,
      details: { format, bytes: stored.size, sha256: stored.sha256 },
    });
  });
  return toView((await deps.repos.bulkJobs.find(id))!, orgId);
}

/** A new job's row: queued, nothing done yet. */
export function queuedJob(
  job: Pick<Insertable<BulkJobsTable>, 'id' | 'issuer_id' | 'format' | 'source_sha256' | 'source_bytes' | 'created_at'>,
): Insertable<BulkJobsTable> {
  return {
    ...job,
    status: 'queued',
    rows_done: 0,
    rows_ok: 0,
    rows_failed: 0,
    bytes_done: 0,
    lease_until: null,
    error: null,
    updated_at: job.created_at,
    finished_at: null,
  };
}

export async function getBulkJob(deps: DomainDeps, actor: DirectoryActor, orgId: string, jobId: string): Promise<BulkJobView> {
  const issuer = await findIssuer(deps, orgId);
  assertActsFor(actor, issuer.id);
  const job = await deps.repos.bulkJobs.find(jobId);
  if (!job || job.issuer_id !== issuer.id) throw new AppError('not_found', 'No such bulk job.');
  return toView(job, orgId);
}

export async function listBulkJobs(deps: DomainDeps, actor: DirectoryActor, orgId: string): Promise<BulkJobView[]> {
  const issuer = await findIssuer(deps, orgId);
  assertActsFor(actor, issuer.id);
  return (await deps.repos.bulkJobs.listForIssuer(issuer.id, 50)).map((j) => toView(j, orgId));
}

export async function listRejections(deps: DomainDeps, actor: DirectoryActor, orgId: string, jobId: string, afterRow: number, limit: number) {
  await getBulkJob(deps, actor, orgId, jobId);
  const rows = await deps.repos.bulkJobs.listRejections(jobId, afterRow, limit);
  // A reason this server does not know (written by a newer one) is left out: the message stands.
  return rows.map((r) => ({
    row: r.row_number,
    code: r.code,
    message: r.message,
    ...(r.reason && (REJECTION_KEYS as readonly string[]).includes(r.reason.key) ? { reason: r.reason } : {}),
  }));
}

/** A rejection to store: messages and parameter values cut short (they may quote the row). */
function rejection(jobId: string, row: number, code: string, message: string, reason: RejectionReason): BulkRejection {
  const params = reason.params && Object.fromEntries(Object.entries(reason.params).map(([k, v]) => [k, v.slice(0, 200)]));
  return { job_id: jobId, row_number: row, code, message: message.slice(0, 300), reason: params ? { key: reason.key, params } : { key: reason.key } };
}

interface Batch {
  /** The row number of each input. */
  rows: number[];
  inputs: IssueInput[];
  /** Rows that could not be read: rejected as they are. */
  invalid: BulkRejection[];
}

const newBatch = (): Batch => ({ rows: [], inputs: [], invalid: [] });

/** A batch ready to store; its inputs are let go (the prepared documents hold what is needed). */
interface Prepared {
  rows: number[];
  invalid: BulkRejection[];
  /** The last row of the file the batch covers, and how many bytes of the file had been read then. */
  lastRow: number;
  bytes: number;
  prepared: PreparedDocuments | null;
}

export function toView(job: BulkJobRow, orgId: string): BulkJobView {
  const end = job.finished_at ?? job.updated_at;
  const seconds = (end - job.created_at) / 1000;
  return {
    id: job.id,
    orgId,
    kind: job.kind,
    format: job.format,
    ...(job.kind === 'status' && job.target_status
      ? {
          change: {
            status: job.target_status,
            reason: job.reason,
            ...(job.filter ? { filter: JSON.parse(job.filter) as { docType: string; issuedBefore: string } } : {}),
          },
        }
      : {}),
    status: job.status,
    sourceBytes: job.source_bytes,
    bytesDone: job.bytes_done,
    rowsDone: job.rows_done,
    rowsOk: job.rows_ok,
    rowsFailed: job.rows_failed,
    error: job.error,
    createdAt: new Date(job.created_at).toISOString(),
    finishedAt: job.finished_at ? new Date(job.finished_at).toISOString() : null,
    rowsPerSecond: seconds > 0 && job.rows_done > 0 ? Math.round(job.rows_done / seconds) : null,
  };
}

/**
 * Runs one job to the end. Resumable: rows up to `rows_done` were committed by an earlier
 * run (its lease expired when it died) and are skipped; a batch that was committed but not
 * yet counted is issued again and comes back as `exists`, which is idempotent.
 *
 * Pipelined: while batch N is written (the batch writer's thread on SQLite, the server on
 * PostgreSQL) and N+1 is signed (worker threads), this thread reads and checks N+2. Nothing of
 * a batch is written until the one before it is stored and counted, so progress and resuming
 * are exactly as if the batches ran one after the other.
 */
export async function runBulkJob(deps: DomainDeps, jobId: string, leaseMs = 60_000): Promise<BulkJobRow['status']> {
  const now = deps.clock.now();
  if (!(await deps.repos.bulkJobs.claim(jobId, now, leaseMs))) return 'running';
  let job = (await deps.repos.bulkJobs.find(jobId))!;
  if (job.kind !== 'issue') throw new AppError('conflict', 'Not an issuance job.');
  const issuer = (await deps.repos.issuers.findById(job.issuer_id))!;
  const actor: BulkSystemActor = { kind: 'system', task: 'bulk', issuerId: issuer.id, jobId };
  const source = await deps.blobs.get(job.source_sha256);
  if (!source) {
    await deps.repos.bulkJobs.update(jobId, {
      status: 'failed',
      error: 'The uploaded file is missing from the store.',
      finished_at: deps.clock.now(),
      updated_at: deps.clock.now(),
    });
    return 'failed';
  }
  let counted = { done: job.rows_done, ok: job.rows_ok, failed: job.rows_failed };
  let bytes = 0;
  source.stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
  let batch = newBatch();

  const store = async ({ rows, invalid: rejections, lastRow, bytes: upTo, prepared }: Prepared) => {
    let { ok, failed } = counted;
    failed += rejections.length;
    if (prepared) {
      const outcomes = await prepared.store();
      outcomes.forEach((o, i) => {
        if (o.ok) ok++;
        else {
          failed++;
          rejections.push(rejection(jobId, rows[i]!, o.code, o.message, o.reason));
        }
      });
    }
    await deps.repos.bulkJobs.insertRejections(rejections);
    bulkRows.inc({ outcome: 'ok' }, ok - counted.ok);
    bulkRows.inc({ outcome: 'failed' }, failed - counted.failed);
    counted = { done: lastRow, ok, failed };
    const t = deps.clock.now();
    await deps.repos.bulkJobs.update(jobId, {
      rows_done: counted.done,
      rows_ok: counted.ok,
      rows_failed: counted.failed,
      bytes_done: Math.min(upTo, job.source_bytes),
      lease_until: t + leaseMs,
      updated_at: t,
    });
  };
  // Batches prepared (their signatures under way) or being stored, oldest first; each is stored
  // only after the one before it. This thread reads and checks the next batch meanwhile.
  const inFlight: { uris: ReadonlySet<string>; done: Promise<void> }[] = [];
  const pending = { has: (uri: string) => inFlight.some((b) => b.uris.has(uri)) };
  const flush = async (lastRow: number) => {
    const { rows, inputs, invalid } = batch;
    const upTo = bytes;
    batch = newBatch();
    while (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift()!.done;
    const prepared = inputs.length > 0 ? await prepareDocuments(deps, actor, issuer, inputs, pending) : null;
    const done = (inFlight.at(-1)?.done ?? Promise.resolve()).then(() => store({ rows, invalid, lastRow, bytes: upTo, prepared }));
    // Awaited by a later flush (or at the end); until then a failure is not unhandled.
    done.catch(() => undefined);
    inFlight.push({ uris: prepared?.uris ?? new Set(), done });
  };

  try {
    let lastRow = job.rows_done;
    for await (const r of readBulkRows(source.stream, job.format === 'csv' ? 'csv' : 'ndjson')) {
      if (r.row <= job.rows_done) continue;
      lastRow = r.row;
      if ('error' in r) batch.invalid.push(rejection(jobId, r.row, 'invalid_row', r.error, { key: 'unreadable', params: { detail: r.error } }));
      else {
        batch.rows.push(r.row);
        batch.inputs.push(r.input);
      }
      if (batch.inputs.length + batch.invalid.length >= BATCH_ROWS) await flush(lastRow);
    }
    await flush(lastRow);
    await inFlight.at(-1)!.done;
    const t = deps.clock.now();
    await deps.repos.bulkJobs.update(jobId, { status: 'done', bytes_done: job.source_bytes, finished_at: t, updated_at: t, lease_until: null });
    await discardSource(deps, job);
    return 'done';
  } catch (err) {
    job = (await deps.repos.bulkJobs.find(jobId))!;
    const t = deps.clock.now();
    // Storage trouble: leave it to be resumed when the lease lapses. Anything else fails the job.
    if (err instanceof AppError && (err.code === 'database_unavailable' || err.code === 'blob_store_unavailable')) return 'running';
    await deps.repos.bulkJobs.update(jobId, {
      status: 'failed',
      error: err instanceof AppError ? err.message : 'The job stopped on an unexpected error.',
      finished_at: t,
      updated_at: t,
    });
    await discardSource(deps, job).catch(() => undefined);
    throw err;
  }
}

/**
 * A finished job's uploaded file goes: it holds holders' Aadhaar numbers and mobiles in
 * clear, which Tijori keeps only in the vault. Kept while an unfinished job reads it (or
 * anything else names the same bytes), through the same purge as a binned file's blobs.
 */
export async function discardSource(deps: DomainDeps, job: BulkJobRow): Promise<void> {
  await purgeBlobs(deps, [job.source_sha256]);
}
