import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');
const IMPORT = /^(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/gm;

/** Every module under src/ (tests left out) with the modules it imports, type-only imports included. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = fs.readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  for (const file of files) {
    const text = fs.readFileSync(path.join(SRC, file), 'utf8');
    const deps = [...text.matchAll(IMPORT)].map((m) => path.normalize(path.join(path.dirname(file), m[1]!)).replace(/\.js$/, '.ts'));
    graph.set(path.normalize(file), deps);
  }
  return graph;
}

/** The import cycles: strongly connected groups of more than one module (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('the import graph of the server', () => {
  const graph = importGraph();

  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get(path.normalize('domain/pull/pull-document.ts'))).toContain(path.normalize('domain/pull/pull-outcome.ts'));
  });

  it('has no import cycles, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  /** The modules under `from` that import something under `to`. */
  const importsFrom = (from: string, to: string) =>
    [...graph].filter(([file, deps]) => file.startsWith(`${from}${path.sep}`) && deps.some((d) => d.startsWith(`${to}${path.sep}`))).map(([file]) => file);

  it('keeps use-cases (domain/) free of the HTTP layer', () => {
    expect(importsFrom('domain', 'http')).toEqual([]);
  });

  it('declares every actor type in domain/actors.ts and nowhere else', () => {
    const declaring = [...graph.keys()].filter((file) => /^export (?:interface|type) \w*Actor\b/m.test(fs.readFileSync(path.join(SRC, file), 'utf8')));
    expect(declaring).toEqual([path.normalize('domain/actors.ts')]);
  });

  it('keeps use-cases (domain/) free of the DigiLocker layer: compat/ implements their ports', () => {
    expect(importsFrom('domain', 'compat')).toEqual([]);
    // The port is wired where the app is composed, and compat/ implements the domain's types.
    expect(graph.get('app.ts')).toContain(path.normalize('compat/digilocker/issuer-protocol.ts'));
    expect(graph.get(path.normalize('compat/digilocker/issuer-protocol.ts'))).toContain(path.normalize('domain/issuer-protocol.ts'));
  });
});
