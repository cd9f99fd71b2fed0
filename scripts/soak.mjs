#!/usr/bin/env node
// `npm run soak`: the long versions of the trust tests (not part of npm test) — many more hostile
// payloads, many more kills, longer drops — the wall's all-day memory check when present, and the hall
// under heavy writes (a whole month imported while live, a kiosk's replay storm), with the waits printed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = {
  ...process.env,
  HOSTILE_RUNS: process.env.HOSTILE_RUNS ?? '2000',
  CRASH_KILLS: process.env.CRASH_KILLS ?? '25',
  DROP_MS: process.env.DROP_MS ?? '60000',
};
const steps = [
  [
    'npx',
    [
      'vitest',
      'run',
      'tests/integration/hostile.test.ts',
      'tests/integration/crash.test.ts',
      'tests/integration/drops.test.ts',
      '--testTimeout',
      '1800000',
    ],
  ],
];
if (existsSync('tests/soak/wall-soak.ts')) steps.push(['npx', ['tsx', 'tests/soak/wall-soak.ts']]);
steps.push(['npx', ['tsx', 'tests/soak/import-soak.ts']]);
let failed = 0;
for (const [cmd, args] of steps) {
  console.log(`\n▶ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
