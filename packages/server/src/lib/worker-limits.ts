import type { ResourceLimits } from 'node:worker_threads';

/**
 * Heap limits for Tijori's worker threads. Each holds at most a batch or two at a time (a few
 * MB), but V8 grows a heap lazily, well past what it holds, while allocation runs high; with the
 * cap a million-document bulk job peaked about 30 MB lower. A thread that truly ran out would
 * stop and its work fail with an error, never wrong data.
 */
export const WORKER_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };
