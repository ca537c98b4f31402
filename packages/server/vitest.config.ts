import { configDefaults, defineConfig } from 'vitest/config';

const dialects = (process.env.TEST_DIALECTS ?? 'sqlite').split(',').map((s) => s.trim());
// Files named *.postgres.test.ts exercise PostgreSQL-only failure modes (a server going away);
// they run whenever PostgreSQL is among the dialects under test.
const exclude = dialects.includes('postgres') ? configDefaults.exclude : [...configDefaults.exclude, '**/*.postgres.test.ts'];

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
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
