import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Bundled sources of worker modules run from TypeScript (tests, tsx), one build per module per process. */
const bundled = new Map<string, string>();

/**
 * Starts the worker module `name` (e.g. './blob-writer.worker') that sits beside `callerUrl`.
 *
 * From the compiled build (`.js` beside `.js`) Node runs the module file as it is. From the
 * TypeScript sources (vitest, tsx, the benchmarks) a worker thread cannot load `.ts` files
 * without a loader of its own, which costs ~0.5 s per thread; instead the module and what it
 * imports are bundled once per process with esbuild (a development dependency, there whenever
 * the sources are run) and the thread runs that bundle. Either way the worker is one real
 * TypeScript module that the compiler and the linter see.
 */
export function startWorkerModule(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSources = callerUrl.endsWith('.ts');
  const url = new URL(`${name}${fromSources ? '.ts' : '.js'}`, callerUrl);
  if (!fromSources) return new Worker(url, options);
  const file = fileURLToPath(url);
  let source = bundled.get(file);
  if (source === undefined) {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const out = esbuild.buildSync({
      entryPoints: [file],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    source = out.outputFiles[0]!.text;
    bundled.set(file, source);
  }
  return new Worker(source, { ...options, eval: true });
}
