import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { CASES, type Refusal } from './cases.js';
import { buildWorld, type World } from './world.js';

/**
 * The use-case tier: every use-case that acts on someone's data, called directly (no route in
 * front of it) by the wrong actor on a real database, refuses. Removing a use-case's own check
 * fails here even though its route would still refuse.
 */
const DOMAIN = path.resolve(import.meta.dirname, '../../src/domain');

function domainFiles(dir = DOMAIN): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return domainFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && full !== path.join(DOMAIN, 'context.ts') ? [path.relative(DOMAIN, full)] : [];
  });
}

/** Exported functions whose first parameter is `deps`: the use-cases and their steps. */
async function useCasesOf(file: string): Promise<string[]> {
  const mod = (await import(path.join(DOMAIN, file))) as Record<string, unknown>;
  return Object.entries(mod)
    .filter(([, v]) => typeof v === 'function' && /^(async\s+)?function\*?\s*\w*\s*\(\s*deps\b/.test(String(v)))
    .map(([name]) => name)
    .sort();
}

describe('the use-case tier covers every use-case', () => {
  it('has an entry for every use-case of every file of src/domain, and none for a use-case that is gone', async () => {
    const found: Record<string, string[]> = {};
    for (const file of domainFiles().sort()) {
      const names = await useCasesOf(file);
      if (names.length > 0) found[file] = names;
    }
    expect(Object.keys(found).length).toBeGreaterThan(50);
    const listed = Object.fromEntries(Object.entries(CASES).map(([file, byName]) => [file, Object.keys(byName).sort()]));
    expect(listed).toEqual(found);
  });
});

const refusals = Object.entries(CASES).flatMap(([file, byName]) =>
  Object.entries(byName).flatMap(([name, c]) => ('run' in c ? [{ file, name, c: c as Refusal }] : [])),
);

for (const dialect of DIALECTS) {
  describe(`use-cases refuse the wrong actor [${dialect}]`, () => {
    let w: World;
    beforeAll(async () => {
      w = await buildWorld(dialect);
    }, 120_000);
    afterAll(async () => w?.t.close());

    for (const { file, name, c } of refusals) {
      it(`${file} ${name} refuses ${c.refuses}`, () => c.run(w));
    }
  });
}
