/**
 * Project files, found from the project root: the server runs the same from server/*.ts (tsx, tests)
 * and from its bundle in dist/server/ (npm start), whose own location says nothing about the sources'.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the Yingbin project root (no package.json above the server)');
    dir = up;
  }
  return dir;
}

const ROOT = findRoot();

/** A path inside the project, e.g. `fromRoot('config', 'demo.json')`. */
export const fromRoot = (...parts: string[]): string => join(ROOT, ...parts);
