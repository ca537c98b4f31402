import { PassThrough, Transform } from 'node:stream';
import type { MalwareScanner } from '../../adapters/antivirus/malware-scanner.js';
import { createSizeLimit } from '../../blobs/ingest.js';
import type { UploadDeps } from './upload-deps.js';
import type { UploadedFileRow } from '../../repositories/uploads.repository.js';

/** Reads a stored file back through the scanner and records the verdict on the file. */
export async function scanStoredFile(deps: UploadDeps, row: Pick<UploadedFileRow, 'id' | 'sha256'>): Promise<'clean' | 'refused'> {
  const blob = await deps.blobs.get(row.sha256);
  if (!blob) throw new Error(`blob ${row.sha256} of uploaded file ${row.id} is missing`);
  const verdict = await deps.scanner.scan(blob.stream);
  const status = verdict.clean ? 'clean' : 'refused';
  await deps.repos.uploads.updateFile(row.id, { status });
  return status;
}

/**
 * Scans a file on its way into the blob store: every chunk that passes through `tap` is handed
 * to the scanner too, so the verdict is ready when the file is stored, without reading 10 MB
 * back from the store and decrypting it (npm run bench, uploads). The upload waits for a slow
 * scanner (backpressure) but never for a failed one: a scanner that fails drops out, the upload
 * goes on and the verdict is 'scanning' (the drive's worker scans the stored file later). An
 * upload that fails ends the scan with it.
 *
 * The tap comes first, so it also stops a body past `maxBytes` (payload_too_large) before the
 * type sniffer sees a truncated end and calls the file damaged.
 */
export function scanInPassing(scanner: MalwareScanner, options: { maxBytes: number }): { tap: Transform; verdict: Promise<'clean' | 'refused' | 'scanning'> } {
  const limit = createSizeLimit(options);
  const feed = new PassThrough();
  // Once the scanner has answered (or failed) it reads no more: the rest passes it by.
  const verdict = scanner.scan(feed).then(
    (v) => {
      feed.destroy();
      return v.clean ? ('clean' as const) : ('refused' as const);
    },
    () => {
      feed.destroy();
      return 'scanning' as const;
    },
  );
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        limit.add(chunk);
      } catch (err) {
        return done(err as Error);
      }
      if (feed.destroyed || feed.write(chunk)) return done(null, chunk);
      const go = () => {
        feed.off('drain', go);
        feed.off('close', go);
        done(null, chunk);
      };
      feed.on('drain', go);
      feed.on('close', go);
    },
    flush(done) {
      if (!feed.destroyed) feed.end();
      done();
    },
  });
  tap.on('close', () => {
    if (!tap.writableFinished) feed.destroy(new Error('the upload ended before the file was complete'));
  });
  return { tap, verdict };
}
