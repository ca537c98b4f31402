import { PassThrough } from 'node:stream';
import type { MalwareScanner, ScanSession } from '../../adapters/antivirus/malware-scanner.js';
import type { UploadDeps } from './upload-deps.js';
import type { UploadedFileRow } from '../../repositories/uploads.repository.js';
import { readStoredBlob } from '../blobs/read-blob.js';

/** Reads a stored file back through the scanner and records the verdict on the file. */
export async function scanStoredFile(deps: UploadDeps, row: Pick<UploadedFileRow, 'id' | 'sha256'>): Promise<'clean' | 'refused'> {
  const blob = await readStoredBlob(deps, row.sha256, `uploaded file ${row.id}`);
  const verdict = await deps.scanner.scan(blob.stream);
  const status = verdict.clean ? 'clean' : 'refused';
  await deps.repos.uploads.updateFile(row.id, { status });
  return status;
}

/**
 * Scans a file on its way into the blob store: every chunk the upload passes through `write` is
 * handed to the scanner too (a scanner's own session where it has one: the stand-in searches
 * each chunk in place, clamd gets it on its socket; otherwise a stream), so the verdict is ready
 * when the file is stored, without reading 10 MB back from the store and decrypting it (npm run
 * bench, uploads). The upload waits for a slow scanner (backpressure) but never for a failed
 * one: a scanner that fails drops out, the upload goes on and the verdict is 'scanning' (the
 * drive's worker scans the stored file later). An upload that fails ends the scan with it
 * (`abort`).
 */
export function scanInPassing(scanner: MalwareScanner): {
  /** The next chunk; a promise when the upload should wait for the scanner. Never throws. */
  write(chunk: Buffer): void | Promise<void>;
  /** The upload is complete. */
  end(): void;
  /** The upload failed. */
  abort(): void;
  verdict: Promise<'clean' | 'refused' | 'scanning'>;
} {
  const session = scanner.start?.() ?? streamSession(scanner);
  let out = false;
  let settle!: (v: 'clean' | 'refused' | 'scanning') => void;
  const verdict = new Promise<'clean' | 'refused' | 'scanning'>((resolve) => (settle = resolve));
  const dropOut = () => {
    if (out) return;
    out = true;
    session.abort();
    settle('scanning');
  };
  return {
    write(chunk) {
      if (out) return;
      try {
        const wait = session.write(chunk);
        if (wait) return wait.catch(dropOut);
      } catch {
        dropOut();
      }
    },
    end() {
      if (out) return;
      out = true;
      session.end().then(
        (v) => settle(v.clean ? 'clean' : 'refused'),
        () => settle('scanning'),
      );
    },
    abort() {
      if (out) return;
      out = true;
      session.abort();
      settle('scanning');
    },
    verdict,
  };
}

/**
 * A scanner that reads a stream, fed as a session. Once it has answered (or failed) it reads no
 * more: the rest passes it by.
 */
function streamSession(scanner: MalwareScanner): ScanSession {
  const feed = new PassThrough();
  let answered = false;
  const verdict = scanner.scan(feed).finally(() => {
    answered = true;
    feed.destroy();
  });
  verdict.catch(() => undefined);
  return {
    write(chunk) {
      if (answered || feed.destroyed || feed.write(chunk)) return;
      return new Promise<void>((resolve) => {
        const go = () => {
          feed.off('drain', go);
          feed.off('close', go);
          resolve();
        };
        feed.on('drain', go);
        feed.on('close', go);
      });
    },
    end() {
      if (!feed.destroyed) feed.end();
      return verdict;
    },
    abort() {
      feed.destroy(new Error('the upload ended before the file was complete'));
    },
  };
}
