import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../../../..');
const readme = () => fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const markdownFiles = (dir: string): string[] =>
  fs
    .readdirSync(path.join(REPO, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md') && !f.includes('node_modules'))
    .map((f) => path.join(dir, f));

describe('the README is a short front door to docs/', () => {
  it('stays under 8 KB', () => {
    expect(Buffer.byteLength(readme())).toBeLessThan(8 * 1024);
  });

  it('links every page in docs/', () => {
    const linked = new Set([...readme().matchAll(/\]\((docs\/[^)#\s]+)/g)].map((m) => m[1]));
    const unlinked = markdownFiles('docs').filter((f) => !linked.has(f));
    expect(unlinked).toEqual([]);
  });

  it('links only to files that exist in the repository, never outside it', () => {
    const broken: string[] = [];
    for (const file of ['README.md', 'DEVELOPERS.md', ...markdownFiles('docs')]) {
      const text = fs.readFileSync(path.join(REPO, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:|#)/.test(target!)) continue;
        const resolved = path.resolve(REPO, path.dirname(file), target!.split('#')[0]!);
        if (!resolved.startsWith(REPO + path.sep) || !fs.existsSync(resolved)) broken.push(`${file} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
