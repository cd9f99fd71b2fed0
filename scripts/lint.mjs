#!/usr/bin/env node
// `npm run lint`: ESLint (zero warnings), Prettier's check and the unused-export check side by side. ESLint
// alone uses one core for most of the run; the other two fit on the second core, so the whole lint takes
// about as long as ESLint. Each tool's output is printed whole once it ends; the exit code is 1 if any failed.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => resolve(root, 'node_modules/.bin', name);
const steps = [
  ['eslint', bin('eslint'), ['.', '--max-warnings', '0']],
  ['prettier', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ['unused exports', process.execPath, ['scripts/unused-exports.mjs']],
];

const results = await Promise.all(
  steps.map(
    ([name, cmd, args]) =>
      new Promise((done) => {
        const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('error', (e) => done({ name, ok: false, out: String(e) }));
        child.on('close', (code) => {
          if (out) process.stdout.write(out.endsWith('\n') ? out : out + '\n');
          done({ name, ok: code === 0, out });
        });
      }),
  ),
);

const failed = results.filter((r) => !r.ok).map((r) => r.name);
if (failed.length > 0) {
  console.error(`lint failed: ${failed.join(', ')}`);
  process.exit(1);
}
