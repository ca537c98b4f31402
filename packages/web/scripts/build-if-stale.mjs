// `npm test` needs the built portal, and the browser journeys run the built server (what
// `npm start` runs). Build each (vite build + compress; tsc) unless its dist/ is newer than every
// input, so CI's build step is not repeated by the test step; a fresh clone always builds.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const web = path.resolve(import.meta.dirname, '..');
const inputs = [
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  'scripts/service-worker-plugin.ts',
  'package.json',
  '../rules/src',
  '../texts/src',
  '../sdk/src',
];

function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

// The portal and the server both read the words from @tijori/texts' dist/.
const texts = path.resolve(web, '../texts');
if (newest(path.join(texts, 'dist/index.js')) <= newest(path.join(texts, 'src'))) {
  const r = spawnSync('npm', ['run', 'build', '-w', '@tijori/texts'], { cwd: path.resolve(web, '../..'), stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const built = newest(path.join(web, 'dist/index.html.br'));
const changed = Math.max(...inputs.map((i) => newest(path.join(web, i))));
if (built > changed) {
  process.stdout.write('portal build is up to date (dist/ is newer than its sources)\n');
} else {
  for (const [cmd, args] of [
    ['npx', ['vite', 'build']],
    ['node', ['scripts/compress.mjs']],
  ]) {
    // vitest runs this with NODE_ENV=test, and Vite then bundles React's development build
    // (468 KB instead of 261 KB): the portal `npm start` serves is the production build.
    const r = spawnSync(cmd, args, { cwd: web, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

const server = path.resolve(web, '../server');
const serverBuilt = newest(path.join(server, 'dist/main.js'));
const serverChanged = Math.max(...['src', 'package.json', 'tsconfig.build.json', '../rules/src', '../texts/src'].map((i) => newest(path.join(server, i))));
if (serverBuilt > serverChanged) {
  process.stdout.write('server build is up to date (packages/server/dist/ is newer than its sources)\n');
} else {
  const r = spawnSync('npm', ['run', 'build', '-w', '@tijori/rules', '-w', '@tijori/server'], { cwd: path.resolve(web, '../..'), stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
