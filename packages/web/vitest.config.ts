import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The load budget goes first: its timings (slow 3G, a 4× slower CPU) are judged while the
 * machine is least busy, before the other lanes of `npm test` have all got going. Every other
 * file keeps vitest's order.
 */
class LoadBudgetFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (f: TestSpecification) => (f.moduleId.endsWith('/load-budget.e2e.test.ts') ? 0 : 1);
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => first(a.f) - first(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}

// On PostgreSQL (CI's second pass) the journeys that check only the browser's side are not run
// again: axe's accessibility scans, the load budget, the eight languages at 320 px, the offline
// copies (service worker, IndexedDB) and the camera's QR scanner look at what the browser shows,
// sends and stores, which does not depend on the server's database (the server-side suites run
// the same API calls on PostgreSQL); the SQLite pass has run them.
const browserOnly = [
  'e2e/accessibility*.e2e.test.ts',
  'e2e/load-budget.e2e.test.ts',
  'e2e/languages.e2e.test.ts',
  'e2e/offline.e2e.test.ts',
  'e2e/verify-scan.e2e.test.ts',
];
const exclude = process.env.TEST_DIALECTS?.trim() === 'postgres' ? [...configDefaults.exclude, ...browserOnly] : configDefaults.exclude;

// Browser journeys: the real server (own process, fresh data folder) serving the built
// portal, driven by Debian's Chromium through playwright-core. One file at a time: each
// starts a server and a browser, and this machine has two cores.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    exclude,
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    sequence: { sequencer: LoadBudgetFirst },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A poll waits for what a person would wait for: on a busy 2-core machine a page's check can
    // take seconds, so the default of 1 s made journeys fail on load, not on behaviour.
    expect: { poll: { timeout: 20_000 } },
  },
});
