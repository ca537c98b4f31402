import { Transform, type Readable } from 'node:stream';
import { createSizeLimit } from '../../blobs/ingest.js';
import { AppError } from '../../lib/errors.js';
import type { RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { recordActivity } from '../activity/record-activity.js';
import { recordBlobs } from '../blobs/record-blobs.js';
import { DOC_TAGS } from './doc-tags.js';
import { sanitizeDescription, sanitizeName } from './file-names.js';
import { findOwnedFolder } from './find-owned.js';
import { scanInPassing } from './scan-file.js';
import { createContentInspector, type UploadMediaType } from './sniff-content.js';
import type { UploadDeps } from './upload-deps.js';
import { toFileView, type UploadedFileView } from './views.js';

export interface UploadInput {
  body: Readable;
  name: string;
  folderId?: string | null;
  description?: string;
  tag?: string | null;
  /** Content-Length when the client sent one: refused at once when over a limit. */
  declaredBytes?: number;
  /** The type the client declared, when it must match the bytes (refused before anything is stored). */
  expectedMediaType?: UploadMediaType;
}

/**
 * Stores a resident's file: streamed through the type sniffer and the malware scanner into the
 * blob store (encrypted, durable, never buffered whole, stopped at the size limit), counted
 * against the quota in one atomic statement, recorded as version 1 with the scanner's verdict.
 * Answers once all of that is done.
 */
export async function uploadFile(deps: UploadDeps, actor: ResidentActor, input: UploadInput, context: RequestContext | null): Promise<UploadedFileView> {
  const name = sanitizeName(input.name);
  const description = sanitizeDescription(input.description ?? '');
  const tag = input.tag ?? null;
  if (tag !== null && !(tag in DOC_TAGS)) throw new AppError('validation_failed', 'Unknown document type.');
  const folderId = input.folderId ?? null;
  if (folderId !== null) await findOwnedFolder(deps, actor, folderId);
  const { maxBytes, quotaBytes, maxPixels } = deps.uploads;
  if (input.declaredBytes !== undefined) {
    if (input.declaredBytes > maxBytes) throw tooLarge(maxBytes);
    if ((await deps.repos.uploads.usedBytes(actor.residentId)) + input.declaredBytes > quotaBytes) throw quotaExceeded(quotaBytes);
  }

  // One pass over each chunk as it arrives, before the blob store sees it: the size limit (so a
  // body past it stops before the sniffer calls its truncated end damaged), the type sniffer,
  // the malware scanner.
  const limit = createSizeLimit({ maxBytes });
  const sniffer = createContentInspector({ maxPixels, ...(input.expectedMediaType ? { expect: input.expectedMediaType } : {}) });
  const scan = scanInPassing(deps.scanner);
  const inspect = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        limit.add(chunk);
        sniffer.push(chunk);
      } catch (err) {
        return done(err as Error);
      }
      const wait = scan.write(chunk);
      if (wait) void wait.then(() => done(null, chunk));
      else done(null, chunk);
    },
    flush(done) {
      try {
        sniffer.end();
      } catch (err) {
        return done(err as Error);
      }
      scan.end();
      done();
    },
  });
  inspect.on('close', () => {
    if (!inspect.writableFinished) scan.abort();
  });
  input.body.on('error', (err) => inspect.destroy(err));
  let stored;
  try {
    stored = await deps.blobs.put(input.body.pipe(inspect), { maxBytes });
  } catch (err) {
    scan.abort();
    if (err instanceof AppError && err.code === 'payload_too_large') throw tooLarge(maxBytes);
    throw err;
  }
  const kind = sniffer.result();
  if (stored.size === 0) throw new AppError('file_empty', 'The file is empty.');
  // Never readable before it is clean: a file the scanner could not finish stays "scanning"
  // (the drive's worker scans it later); the upload itself is safe.
  const status = await scan.verdict;

  const now = deps.clock.now();
  const id = deps.ids.uuidv7();
  const row = {
    id,
    resident_id: actor.residentId,
    folder_id: folderId,
    name,
    description,
    doc_tag: tag,
    version: 1,
    sha256: stored.sha256,
    media_type: kind.mediaType,
    size_bytes: stored.size,
    pages: kind.pages,
    status,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  await deps.transaction(async (repos) => {
    if (!(await repos.uploads.reserve(actor.residentId, stored.size, quotaBytes))) throw quotaExceeded(quotaBytes);
    await recordBlobs(deps, repos, [{ sha256: stored.sha256, size_bytes: stored.size, media_type: kind.mediaType, stored_at: now }]);
    await repos.uploads.insertFile(row, {
      file_id: id,
      version: 1,
      sha256: stored.sha256,
      media_type: kind.mediaType,
      size_bytes: stored.size,
      pages: kind.pages,
      created_at: now,
    });
    const activity = { clock: deps.clock, ids: deps.ids, repos };
    await recordActivity(activity, actor.residentId, 'file_uploaded', context, { fileId: id, name, bytes: stored.size });
    if (status === 'refused') await recordActivity(activity, actor.residentId, 'file_refused', context, { fileId: id, name });
  });
  if (status === 'refused') {
    throw new AppError('malware_found', 'The virus scanner found malware in this file. It is kept, refused, where only you can delete it.', { fileId: id });
  }
  return toFileView(row);
}

const tooLarge = (maxBytes: number) => new AppError('payload_too_large', `The file is larger than ${formatMb(maxBytes)}, the largest accepted.`, { maxBytes });
const quotaExceeded = (quota: number) =>
  new AppError('quota_exceeded', `Your storage of ${formatMb(quota)} is full. Delete files (and empty the bin) to make room.`, { quotaBytes: quota });
const formatMb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
