/**
 * The server's arrows run one way: no module imports another that (through others) imports it back, and
 * what is told of changes — the scheduler, alert handling, close of day, the open-visit cache — never
 * imports the command path (server/hall.ts). Read from the sources with the TypeScript compiler's own
 * import scanner, type-only imports included (a type cycle is a design cycle too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f));
}

/** Each server module and the server modules it imports (paths from the root). */
function importGraph(): Map<string, string[]> {
  const files = new Set(sources('server'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(ROOT, resolve(ROOT, dirname(file), name)))
      .filter((target) => files.has(target));
    graph.set(file, targets);
  }
  return graph;
}

/** The groups of modules that import each other round (Tarjan's strongly connected components). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1) found.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('server imports', () => {
  const graph = importGraph();

  it('has no import cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps what is told of changes out of the command path', () => {
    for (const module of [
      'server/scheduler.ts',
      'server/alert-handling.ts',
      'server/close-of-day.ts',
      'server/open-visits.ts',
      'server/after-commit.ts',
      'server/alert-sink.ts',
    ]) {
      expect(graph.get(module), module).toBeDefined();
      expect(graph.get(module), module).not.toContain('server/hall.ts');
    }
    // The scheduler hears of alert handling only through the sinks, never by name.
    expect(graph.get('server/scheduler.ts')).not.toContain('server/alert-handling.ts');
  });
});
