import type { KeyObject } from 'node:crypto';
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { WORKER_RESOURCE_LIMITS } from '../lib/worker-limits.js';
import type { SigningAlg } from './signing-keys.js';
import type { SignReply, SignRequest } from './signing-pool.worker.js';
import { startWorkerModule } from '../lib/worker-module.js';

/** Below this many payloads per worker, splitting a batch costs more in messages than it saves. */
const MIN_PER_WORKER = 256;
/** Batch buffers kept for reuse (a pipelined bulk job has two in use at a time). */
const SPARE_BUFFERS = 4;

/**
 * Signed compact JWS, kept as bytes outside the JavaScript heap until each is asked for: a batch
 * that waits to be stored holds nothing the garbage collector must trace (nor grow the heap for).
 */
export interface SignedBatch {
  readonly length: number;
  /** The i-th JWS, as signCompactJwsJson makes it. */
  jws(i: number): string;
  /** Gives the bytes back for another batch to reuse (else the collector frees them); jws() is then over. */
  release(): void;
}

export interface SigningPool {
  /**
   * Signs each payload (JSON text) under one header on the pool's worker threads: the same
   * compact JWS as signCompactJwsJson, in the same order. Rejects if a worker fails or stops
   * (a new one takes its place for the next call) or the pool is closed.
   */
  signMany(key: KeyObject, header: { alg: SigningAlg } & Record<string, unknown>, payloads: string[]): Promise<SignedBatch>;
  /** Stops the workers; whatever they were still signing is rejected. */
  close(): Promise<void>;
}

interface Task {
  resolve(buffer: ArrayBuffer): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  tasks: Map<number, Task>;
  failure?: Error;
}

type Reply = SignReply;

/**
 * Worker threads that sign, so bulk issuance signs on the cores the main thread (busy with the
 * database) leaves idle. One worker per spare core by default. Workers start on first use, keep
 * the process alive only while they have work, and a worker that dies is replaced on next use.
 */
export function createSigningPool(options: { size?: number; onWorker?: (worker: Worker) => void } = {}): SigningPool {
  const size = Math.max(1, options.size ?? os.availableParallelism() - 1);
  const slots: (Slot | undefined)[] = new Array(size).fill(undefined);
  const spare: ArrayBuffer[] = [];
  let nextId = 0;
  let closed = false;

  const spawn = (index: number): Slot => {
    const worker = startWorkerModule(import.meta.url, './signing-pool.worker', { execArgv: [], resourceLimits: WORKER_RESOURCE_LIMITS });
    worker.unref();
    const slot: Slot = { worker, tasks: new Map() };
    worker.on('message', (reply: Reply) => {
      const task = slot.tasks.get(reply.id);
      if (!task) return;
      slot.tasks.delete(reply.id);
      if (slot.tasks.size === 0) worker.unref();
      if (reply.error !== undefined) task.reject(new Error(`A signing worker could not sign: ${reply.error}`));
      else task.resolve(reply.buffer);
    });
    worker.on('error', (err) => (slot.failure = err));
    worker.on('exit', (code) => {
      if (slots[index] === slot) slots[index] = undefined;
      const err = closed
        ? new Error('The signing pool is closed.')
        : new Error(`A signing worker stopped (exit code ${code})${slot.failure ? `: ${slot.failure.message}` : ''}.`);
      for (const task of slot.tasks.values()) task.reject(err);
      slot.tasks.clear();
    });
    options.onWorker?.(worker);
    return slot;
  };

  /**
   * Signs payloads[from, to) on worker `index`. The payloads are written straight into the batch
   * buffer: on this thread, a batch makes no strings until its JWS are asked for.
   */
  const run = (index: number, key: KeyObject, alg: SigningAlg, header: string, payloads: string[], from: number, to: number) => {
    const n = to - from;
    const ends = new Uint32Array(2 * n);
    let end = 0;
    for (let i = 0; i < n; i++) ends[i] = end += Buffer.byteLength(payloads[from + i]!);
    for (let i = 0; i < n; i++) ends[n + i] = end += header.length + 1 + Math.ceil(((ends[i]! - (i === 0 ? 0 : ends[i - 1]!)) * 4) / 3);
    const signatures = end;
    const needed = signatures + 64 * n;
    const reuse = spare.findIndex((b) => b.byteLength >= needed);
    const buffer = reuse >= 0 ? spare.splice(reuse, 1)[0]! : new ArrayBuffer(Math.ceil(needed * 1.25));
    const data = Buffer.from(buffer);
    for (let i = 0; i < n; i++) data.write(payloads[from + i]!, i === 0 ? 0 : ends[i - 1]!, 'utf8');
    return new Promise<ArrayBuffer>((resolve, reject) => {
      const slot = slots[index] ?? (slots[index] = spawn(index));
      const id = nextId++;
      slot.tasks.set(id, { resolve, reject });
      slot.worker.ref();
      try {
        slot.worker.postMessage({ id, key, alg, header, buffer, ends: ends.buffer } satisfies SignRequest, [buffer]);
      } catch (err) {
        slot.tasks.delete(id);
        if (slot.tasks.size === 0) slot.worker.unref();
        reject(err as Error);
      }
    }).then((signed): SignedBatch => {
      const text = Buffer.from(signed);
      return {
        length: n,
        jws: (i) =>
          `${text.toString('latin1', i === 0 ? ends[n - 1]! : ends[n + i - 1]!, ends[n + i]!)}.${text.toString('base64url', signatures + 64 * i, signatures + 64 * i + 64)}`,
        release: () => {
          if (!closed && spare.length < SPARE_BUFFERS && !spare.includes(signed)) spare.push(signed);
        },
      };
    });
  };

  return {
    signMany(key, header, payloads) {
      if (closed) return Promise.reject(new Error('The signing pool is closed.'));
      const encoded = Buffer.from(JSON.stringify(header)).toString('base64url');
      const per = Math.ceil(payloads.length / Math.min(size, Math.ceil(payloads.length / MIN_PER_WORKER)));
      // A loop, not a closure over `payloads`: nothing may keep them alive while the workers sign.
      const runs: Promise<SignedBatch>[] = [];
      for (let from = 0; from < payloads.length; from += per)
        runs.push(run(runs.length, key, header.alg, encoded, payloads, from, Math.min(payloads.length, from + per)));
      return joined(runs, per);
    },
    async close() {
      closed = true;
      spare.length = 0;
      await Promise.all(slots.map((slot) => slot?.worker.terminate()));
    },
  };
}

async function joined(runs: Promise<SignedBatch>[], per: number): Promise<SignedBatch> {
  const parts = await Promise.all(runs);
  if (parts.length === 1) return parts[0]!;
  return {
    length: parts.reduce((n, p) => n + p.length, 0),
    jws: (i) => parts[Math.floor(i / per)]!.jws(i % per),
    release: () => parts.forEach((p) => p.release()),
  };
}
