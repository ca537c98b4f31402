import fs from 'node:fs';
import path from 'node:path';
import { transformWithEsbuild } from 'vite';
import { describe, expect, it } from 'vitest';

// An unclosed block does not break the build: the rules after it silently become nested inside
// it (once, every drive style applied only when printing). esbuild's CSS parser reports it.
const root = path.resolve(import.meta.dirname, '..');
function cssFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return cssFiles(full);
    return e.name.endsWith('.css') ? [full] : [];
  });
}

describe('portal style sheets', () => {
  it.each(cssFiles(root).map((f) => [path.relative(root, f), f]))('%s parses without a warning', async (_name, file) => {
    const result = await transformWithEsbuild(fs.readFileSync(file, 'utf8'), file, { loader: 'css' });
    expect(result.warnings.map((w) => `${w.location?.line}: ${w.text}`)).toEqual([]);
  });
});
