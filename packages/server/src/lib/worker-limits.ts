import type { ResourceLimits } from 'node:worker_threads';

/**
 * Heap limits for Tijori's worker threads. Each holds at most a batch or two at a time (a few
 * MB), but V8 grows a heap lazily, far past what it holds, while allocation runs high: without a
 * cap, the threads of a million-document bulk job added about 100 MB of resident memory. With
 * one the collector runs sooner; a thread that truly ran out would stop and its work fail with
 * an error, never wrong data.
 */
export const WORKER_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };
