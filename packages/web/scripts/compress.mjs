// Writes brotli (.br) and gzip (.gz) copies beside every text file of the built portal, so the
// server sends precompressed files (@fastify/static preCompressed) and does no work per request.
// Run after `vite build`; a copy is kept only when it is smaller than the original.
import fs from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const DIST = path.resolve(import.meta.dirname, '../dist');
const TEXT = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt', '.xml', '.map']);

async function* files(dir) {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (TEXT.has(path.extname(entry.name))) yield full;
  }
}

let before = 0;
let afterBr = 0;
for await (const file of files(DIST)) {
  const data = await fs.readFile(file);
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
  const gz = gzipSync(data, { level: 9 });
  before += data.length;
  afterBr += Math.min(br.length, data.length);
  if (br.length < data.length) await fs.writeFile(`${file}.br`, br);
  if (gz.length < data.length) await fs.writeFile(`${file}.gz`, gz);
}
process.stdout.write(`compressed ${DIST}: ${(before / 1024).toFixed(1)} KB of text → ${(afterBr / 1024).toFixed(1)} KB brotli\n`);
