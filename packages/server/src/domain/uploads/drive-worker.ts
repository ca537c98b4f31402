import type { Logger } from 'pino';
import { purgeBin } from './purge-bin.js';
import { scanStoredFile } from './scan-file.js';
import { HOUSEKEEPING_LEASE_MS, type UploadDeps } from './upload-deps.js';

const LEASE = 'uploads.housekeeping';

/**
 * Every process runs one; a lease in the database (like a bulk job's) lets one at a time purge
 * the bin and scan files left "scanning" (scanner down, or a process died mid-upload). A holder
 * that dies loses the lease when it runs out, and another process carries on.
 */
export function startDriveWorker(deps: UploadDeps, logger: Logger, options: { intervalMs?: number; leaseMs?: number; rescanAfterMs?: number } = {}) {
  const intervalMs = options.intervalMs ?? 60_000;
  const leaseMs = options.leaseMs ?? HOUSEKEEPING_LEASE_MS;
  const rescanAfterMs = options.rescanAfterMs ?? 60_000;
  const holder = deps.ids.uuid();
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const runOnce = async (): Promise<{ ran: boolean; files: number; blobs: number; scanned: number }> => {
    if (!(await deps.repos.uploads.tryLease(LEASE, holder, deps.clock.now(), leaseMs))) return { ran: false, files: 0, blobs: 0, scanned: 0 };
    const purged = await purgeBin(deps, { leaseMs });
    let scanned = 0;
    for (const row of await deps.repos.uploads.findUnscanned(deps.clock.now() - rescanAfterMs, 100)) {
      if (stopped) break;
      try {
        await scanStoredFile(deps, row);
        scanned++;
      } catch (err) {
        logger.warn({ err, fileId: row.id }, 'uploaded file could not be scanned; will retry');
        break;
      }
    }
    if (purged.files > 0 || scanned > 0) logger.info({ ...purged, scanned }, 'drive housekeeping');
    return { ran: true, ...purged, scanned };
  };

  const loop = () => {
    if (stopped || running) return;
    running = runOnce()
      .then(() => undefined)
      .catch((err: unknown) => logger.warn({ err }, 'drive housekeeping failed; will retry'))
      .finally(() => {
        running = null;
        if (!stopped) {
          timer = setTimeout(loop, intervalMs);
          timer.unref();
        }
      });
  };
  timer = setTimeout(loop, Math.min(intervalMs, 5_000));
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
