/**
 * 5. Reports: the report engineer's benchmark (bench/report.ts), run as its own process when present;
 * its output is printed as it comes.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../lib/server.ts';

const SCRIPT = fileURLToPath(new URL('../report.ts', import.meta.url));

/** Runs bench/report.ts; resolves with what it printed, or null when it is not there. */
export function reportSuite(): Promise<{ output: string; code: number | null } | null> {
  if (!existsSync(SCRIPT)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      process.stdout.write(d);
    });
    child.on('exit', (code) => resolve({ output, code }));
  });
}
