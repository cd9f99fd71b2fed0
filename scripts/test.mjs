#!/usr/bin/env node
// `npm test`: every check, in phases, stopping at the first that fails, with each phase's time printed (the
// figures the CI budget is judged by). Lint, the type-check and the build need nothing from each other, and
// ESLint alone keeps one core busy for most of its run, so the three run side by side; each one's output is
// printed whole when it ends. The test phases run one after another: they measure real time on two cores.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Runs one command; `buffer` collects its output to print whole once it ends (for side-by-side steps). */
function run([cmd, args], buffer) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, stdio: buffer ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    if (buffer) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    child.on('error', (e) => done({ ok: false, out: String(e) }));
    child.on('close', (code) => {
      if (out) process.stdout.write(out.endsWith('\n') ? out : out + '\n');
      done({ ok: code === 0 });
    });
  });
}

const phases = [
  {
    name: 'lint, type-check and build',
    steps: [
      [npm, ['run', 'lint']],
      [npm, ['run', 'typecheck']],
      [npm, ['run', 'build']],
    ],
  },
  { name: 'PostgreSQL and Redis present', steps: [[process.execPath, ['scripts/ensure-engines.mjs']]] },
  { name: 'Vitest (unit, integration)', steps: [[npx, ['vitest', 'run']]] },
  { name: 'Vitest on PostgreSQL', steps: [[npm, ['run', 'test:postgres']]] },
  { name: 'Playwright in Chromium', steps: [[process.execPath, ['scripts/run-e2e.mjs']]] },
];

const times = [];
const minutes = (ms) => `${Math.floor(ms / 60_000)}:${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}`;
const summary = () => times.map(([name, ms, ok]) => `  ${ok ? '✓' : '✗'} ${minutes(ms).padStart(6)}  ${name}`);

for (const phase of phases) {
  const start = Date.now();
  console.log(`\n=== ${phase.name}`);
  const results = await Promise.all(phase.steps.map((s) => run(s, phase.steps.length > 1)));
  const ok = results.every((r) => r.ok);
  times.push([phase.name, Date.now() - start, ok]);
  if (!ok) {
    console.error(`\nnpm test failed in: ${phase.name}\n${summary().join('\n')}`);
    process.exit(1);
  }
}
console.log(`\nnpm test passed\n${summary().join('\n')}`);
