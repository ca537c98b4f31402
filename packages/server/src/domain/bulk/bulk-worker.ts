import type { Logger } from 'pino';
import type { DomainDeps } from '../context.js';
import { runBulkJob } from './bulk-jobs.js';
import { runStatusJob } from './status-jobs.js';

/**
 * Background worker: picks queued jobs (and jobs whose worker died) one at a time. Every
 * process runs one; the lease in the database makes sure a job runs in one place only.
 */
export function startBulkWorker(
  deps: DomainDeps,
  logger: Logger,
  options: { pollMs?: number; leaseMs?: number } = {},
): { stop(): Promise<void>; kick(): void } {
  const pollMs = options.pollMs ?? 1000;
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const tick = async () => {
    const jobs = await deps.repos.bulkJobs.findClaimable(deps.clock.now(), 5);
    for (const job of jobs) {
      if (stopped) return;
      const started = Date.now();
      try {
        const status = await (job.kind === 'status' ? runStatusJob : runBulkJob)(deps, job.id, options.leaseMs);
        if (status !== 'running') logger.info({ jobId: job.id, status, ms: Date.now() - started }, 'bulk job finished');
      } catch (err) {
        logger.error({ err, jobId: job.id }, 'bulk job failed');
      }
    }
  };
  const loop = () => {
    if (stopped || running) return;
    running = tick()
      .catch((err: unknown) => logger.warn({ err }, 'bulk worker could not look for jobs; will retry'))
      .finally(() => {
        running = null;
        if (!stopped) {
          timer = setTimeout(loop, pollMs);
          timer.unref();
        }
      });
  };
  timer = setTimeout(loop, pollMs);
  timer.unref();
  return {
    kick() {
      clearTimeout(timer);
      loop();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
