/** Timing primitives shared by the scenarios: interleaved runs and latency statistics. */

export const MB = 1024 * 1024;

/** What a throughput counts: bytes, database rows, issued documents, signatures, HTTP requests. */
export type RateUnit = 'MB/s' | 'rows/s' | 'docs/s' | 'signs/s' | 'req/s' | 'queries/s';

/** One thing to time. `prepare` is untimed (e.g. generating content); `run` is what is measured. */
export interface TimedOp {
  prepare?(iteration: number): void | Promise<void>;
  run(iteration: number): Promise<void>;
}

export interface Stat {
  /** Throughput over the measured iterations: units of work per second of summed latency. */
  value: number;
  unit: RateUnit;
  iterations: number;
  /** What one latency sample covers, e.g. "1 MB file" or "1,000-row batch". */
  per: string;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
}

/**
 * Runs the ops in turn, iteration by iteration (alternating which goes first), so that a
 * scenario and the machine limit it is compared with see the same disk and cache conditions;
 * a VM's fsync speed can drift by 2× within seconds. Returns the latencies (ms) per op.
 */
export async function interleave(ops: readonly TimedOp[], iterations: number, warmup: number): Promise<number[][]> {
  const samples = ops.map(() => [] as number[]);
  for (let i = 0; i < warmup + iterations; i++) {
    for (let k = 0; k < ops.length; k++) {
      const index = i % 2 === 0 ? k : ops.length - 1 - k;
      const op = ops[index]!;
      await op.prepare?.(i);
      const start = performance.now();
      await op.run(i);
      const elapsed = performance.now() - start;
      if (i >= warmup) samples[index]!.push(elapsed);
    }
  }
  return samples;
}

/** Nearest-rank percentile of already sorted values. */
function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Turns latencies into throughput (`unitsPerIteration` of work each) and percentiles. */
export function summarize(latenciesMs: readonly number[], unitsPerIteration: number, unit: Stat['unit'], per: string): Stat {
  const totalMs = latenciesMs.reduce((a, b) => a + b, 0);
  return {
    value: (unitsPerIteration * latenciesMs.length) / (totalMs / 1000),
    unit,
    iterations: latenciesMs.length,
    per,
    ...latencies(latenciesMs),
  };
}

export type Latencies = Pick<Stat, 'p50Ms' | 'p99Ms' | 'meanMs' | 'minMs' | 'maxMs'>;

/** Percentiles (nearest rank), mean and extremes of latency samples in ms, in any order. */
export function latencies(samplesMs: ArrayLike<number>): Latencies {
  const sorted = Float64Array.from(samplesMs).sort();
  let total = 0;
  for (const v of sorted) total += v;
  return {
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.length > 0 ? total / sorted.length : Number.NaN,
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

/** Progress goes to stderr so stdout carries only the table. */
export function progress(message: string): void {
  process.stderr.write(`  · ${message}\n`);
}
