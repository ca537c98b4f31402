import { defineConfig } from 'vitest/config';

// Each test runs the CLI as its own process against a server process started from the
// sources (tsx), which takes seconds on a busy two-core machine.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000 },
});
