/**
 * Which program a test starts as the server: the bundle `npm run build` wrote (dist/server/main.js, what
 * `npm start` runs), when it is at least as new as every file under server/ and shared/ it is built from;
 * otherwise the sources under tsx. The two are the same code, but tsx's loader costs a core more than a
 * second at every start, and `npm test` (which builds first) starts several hundred servers. A source edited
 * since the last build is always run from the sources, so no test ever runs stale code.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Entry = 'sources' | 'bundle';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = join(ROOT, 'dist/server/main.js');
/** What the bundle is built from (esbuild follows server/main.ts's imports into these two only). */
const INPUTS = ['server', 'shared'].map((d) => join(ROOT, d));

/** The newest modification time of any file under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    latest = Math.max(latest, e.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** 'bundle' when dist/server/main.js is built from the sources as they are now, else 'sources'. */
export function serverEntry(): Entry {
  if (!existsSync(BUNDLE)) return 'sources';
  const built = statSync(BUNDLE).mtimeMs;
  return INPUTS.every((dir) => newest(dir) <= built) ? 'bundle' : 'sources';
}
