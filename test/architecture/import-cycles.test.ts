/**
 * No module under src/ that `client.ts` imports (directly or not, type-only imports included)
 * imports `client.ts` back: resources and workflows depend on `core/client-context.ts`.
 * A plain import-graph walk over src/ with a regex over `import … from`, `export … from`,
 * `import '…'` and `import('…')`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Each file's relative imports, as paths of .ts files under src/. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(SPECIFIER)].map((m) =>
      resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts')),
    );
    graph.set(file, targets);
  }
  return graph;
}

/** A path of imports leading from `start` back to `start`, or undefined. */
function cycleThrough(graph: ReadonlyMap<string, readonly string[]>, start: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (file: string, path: string[]): string[] | undefined => {
    for (const next of graph.get(file) ?? []) {
      if (next === start) return [...path, next];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

describe('import graph', () => {
  const files = sourceFiles(SRC);
  const graph = importGraph(files);
  const client = join(SRC, 'client.ts');

  it('sees the imports of src/ (the walk itself works)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(graph.get(client)).toContain(join(SRC, 'resources/bulk-read.ts'));
    const fake = new Map([
      [client, [join(SRC, 'a.ts')]],
      [join(SRC, 'a.ts'), [join(SRC, 'b.ts')]],
      [join(SRC, 'b.ts'), [client]],
    ]);
    expect(cycleThrough(fake, client)?.map((f) => relative(SRC, f))).toEqual([
      'client.ts',
      'a.ts',
      'b.ts',
      'client.ts',
    ]);
  });

  it('no module forms an import cycle with client.ts (type-only imports included)', () => {
    const cycle = cycleThrough(graph, client);
    expect(cycle?.map((f) => relative(SRC, f)).join(' → ')).toBeUndefined();
  });
});
