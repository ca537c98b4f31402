import { configDefaults, defineConfig } from 'vitest/config';

// On PostgreSQL (CI's second pass) two kinds of journeys are not run again. Those that check only
// the browser's side: axe's accessibility scans, the load budget, the eight languages at 320 px,
// the offline copies (service worker, IndexedDB) and the camera's QR scanner look at what the
// browser shows, sends and stores, which does not depend on the server's database. And those whose
// server side the server suite already runs on PostgreSQL, call for call (named below). The
// SQLite pass has run them all.
const browserOnly = [
  'e2e/accessibility*.e2e.test.ts',
  'e2e/load-budget.e2e.test.ts',
  'e2e/languages.e2e.test.ts',
  'e2e/offline.e2e.test.ts',
  'e2e/verify-scan.e2e.test.ts',
  // The same journeys as documents.e2e and the directory search, in Hindi and Gujarati: the
  // language changes what the browser shows, not what the database does.
  'e2e/documents-hindi.e2e.test.ts',
  'e2e/pull-search-gujarati.e2e.test.ts',
  // Journeys whose server side the server suite already runs on PostgreSQL, call for call:
  // the second factor (test/console/console-totp.test.ts), eSign (test/esign/), a remote Pull URI
  // (test/documents/remote-pull*.test.ts), PIN recovery (test/residents/forgot-pin.test.ts), the
  // inbox (test/residents/notifications*.test.ts), sharing an issued document or an upload
  // (test/shares/), the drive (test/uploads/drive*.test.ts; most of uploads.e2e is the browser's
  // own: the drop zone, the photo editor, 320 px), the operators' statistics
  // (test/metrics/statistics.test.ts) and the audit log (test/documents/audit-log.test.ts).
  'e2e/console-totp.e2e.test.ts',
  'e2e/esign.e2e.test.ts',
  'e2e/remote-pull.e2e.test.ts',
  'e2e/forgot-pin.e2e.test.ts',
  'e2e/notifications.e2e.test.ts',
  'e2e/share-upload.e2e.test.ts',
  'e2e/sharing.e2e.test.ts',
  'e2e/uploads.e2e.test.ts',
  'e2e/statistics.e2e.test.ts',
  'e2e/audit-log.e2e.test.ts',
  // The portal's own units (no server at all).
  'src/**/*.test.ts',
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
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A poll waits for what a person would wait for: on a busy 2-core machine a page's check can
    // take seconds, so the default of 1 s made journeys fail on load, not on behaviour.
    expect: { poll: { timeout: 20_000 } },
  },
});
