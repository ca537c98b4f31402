import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Before any journey: the portal and the server they run are built from the sources as they are
 * now (scripts/build-if-stale.mjs), also when a single file is run with `npx vitest run e2e/…`.
 */
export default function setup(): void {
  const r = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../scripts/build-if-stale.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the portal or the server failed (see above)');
}
