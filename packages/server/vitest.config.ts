import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const dialects = (process.env.TEST_DIALECTS ?? 'sqlite').split(',').map((s) => s.trim());
// Files named *.postgres.test.ts exercise PostgreSQL-only failure modes (a server going away);
// they run whenever PostgreSQL is among the dialects under test.
const exclude = dialects.includes('postgres') ? configDefaults.exclude : [...configDefaults.exclude, '**/*.postgres.test.ts'];
// A run on PostgreSQL alone (CI's second pass, after the SQLite one) takes only the files whose
// tests depend on the dialect: those that loop over DIALECTS, and *.postgres.test.ts. Every other
// file (units, blob stores, server processes on the embedded default, architecture) does exactly
// the same thing in either pass, so the SQLite pass has run it already.
const include = dialects.includes('sqlite') ? ['src/**/*.test.ts', 'test/**/*.test.ts'] : dialectFiles(['src', 'test']);

function dialectFiles(dirs: string[]): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return dirs
    .flatMap((dir) => fs.readdirSync(path.join(here, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)))
    .filter((f) => f.endsWith('.test.ts') && (f.endsWith('.postgres.test.ts') || fs.readFileSync(path.join(here, f), 'utf8').includes('DIALECTS')))
    .sort();
}

export default defineConfig({
  test: {
    include,
    exclude,
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each test file makes its own database (SQLite file or PostgreSQL schema) and data folder.
    fileParallelism: true,
    // Files share a worker's module cache: importing the app costs more than most files' tests,
    // and every file still makes its own database, data folder and app (buildApp), so nothing a
    // test asserts on is shared. Module-level state (the metrics registry) is checked relative.
    isolate: false,
    env: { NODE_ENV: 'test' },
  },
});
