import { CONFIG_VARIABLES } from './variables.js';

/** docs/configuration.md, relative to the repository root. */
export const CONFIGURATION_DOC_PATH = 'docs/configuration.md';

const escapeCell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/**
 * The configuration page, rendered from CONFIG_VARIABLES so that the documentation cannot
 * drift from what the loader reads (`npm run docs` rewrites it; a test compares).
 */
export function renderConfigurationDoc(): string {
  const rows = CONFIG_VARIABLES.map((v) => {
    const formerly = v.deprecatedName ? ` Formerly \`${v.deprecatedName}\`: still read when this one is unset, deprecated.` : '';
    return `| \`${v.name}\` | ${escapeCell(v.default)} | ${escapeCell(v.description + formerly)} |`;
  });
  return [
    '# Configuration',
    '',
    '<!-- Generated from packages/server/src/config/variables.ts by `npm run docs`; a test fails when it drifts. -->',
    '',
    'Everything is read from environment variables, validated once at start-up. A bad value stops',
    'the server with the list of every problem and how to fix it (exit code 78), never a stack trace.',
    '',
    '| variable | default | meaning |',
    '|---|---|---|',
    ...rows,
    '',
    "## Not Tijori's own",
    '',
    '`GLIBC_TUNABLES`: `npm start` sets `glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072`',
    "when it is unset. With glibc's defaults, memory freed by the bulk pipeline's threads stayed in the",
    'process (a 1M-document bulk job peaked at ~525 MB instead of ~445 MB at the same speed; see',
    '[operations](operations.md#memory)). Set it yourself when you start `node packages/server/dist/main.js`',
    'without npm.',
    '',
    '## Tests, benchmarks and the CLI',
    '',
    'Test-only: `TEST_DIALECTS` (`sqlite`, `postgres` or both), `TEST_DATABASE_URL`, `CHROMIUM_PATH`',
    '(default `/usr/bin/chromium`). Benchmark-only (see [benchmarks](benchmarks.md)): `BENCH_DIR`,',
    '`BENCH_POSTGRES_URL`, `BENCH_DOCS`, `BENCH_PG_DOCS`, `BENCH_HTTP_SECONDS`, `BENCH_WORKERS`,',
    '`BENCH_LOG_LEVEL`, `BENCH_STRICT`. The CLI: `TIJORI_API_KEY`, `TIJORI_SERVER`.',
    '',
  ].join('\n');
}
