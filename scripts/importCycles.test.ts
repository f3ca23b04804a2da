// The layers stay acyclic: no module of src/shared, src/core or src/cli reaches itself again through its relative
// imports (type-only imports count too: a cycle of types is still two modules that cannot be read apart).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function modules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return modules(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** The modules a file imports by a relative path (`from './x'`, `import('./x')`), resolved to files. */
function importsOf(file: string, known: Set<string>): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specs
    .map((s) => resolve(dirname(file), s.replace(/\?.*$/, '')))
    .flatMap((p) => [`${p}.ts`, join(p, 'index.ts')].filter((c) => known.has(c)).slice(0, 1));
}

function graphOf(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(files.map((f) => [f, importsOf(f, known)]));
}

/** Every cycle a depth-first walk meets, as the path around it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') found.push([...stack.slice(stack.indexOf(g)), g]);
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return found;
}

describe('the module graph', () => {
  it('has no import cycle in src/shared, src/core or src/cli', () => {
    const files = ['shared', 'core', 'cli'].flatMap((d) => modules(join(SRC, d)));
    expect(files.length).toBeGreaterThan(100);
    expect(cycles(graphOf(files)).map((c) => c.map((f) => relative(SRC, f)).join(' → '))).toEqual([]);
  });

  it('finds a planted cycle, and none in a chain', () => {
    const chain = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', []],
    ]);
    expect(cycles(chain)).toEqual([]);
    const loop = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(loop)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
