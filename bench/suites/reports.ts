/**
 * 5. Reports: the report engineer's benchmark (bench/report.ts, issue 7), when present. It is run as
 * its own process (`tsx bench/report.ts`), its lines printed as they come, and its figures (each already
 * the median of its own repeated reads) read back into the table.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../lib/server.ts';
import { summarize } from '../lib/stats.ts';
import type { Row } from '../lib/table.ts';

const SCRIPT = fileURLToPath(new URL('../report.ts', import.meta.url));

/** Its lines that carry a figure: what the line measures, the figure in ms, and an aim if it states one. */
const FIGURE = /^report bench: (.*?): ([\d.]+) ms(?: \(median of \d+(?:; aim ≤ ([\d.]+) (ms|s))?\))?$/;

export function reportSuite(): Promise<{ rows: Row[]; status: string }> {
  if (!existsSync(SCRIPT)) return Promise.resolve({ rows: [], status: 'bench/report.ts is not there' });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      process.stdout.write(d.toString().replace(/^/gm, '  '));
    });
    child.on('exit', (code) => {
      const rows: Row[] = [];
      for (const line of output.split('\n')) {
        const m = FIGURE.exec(line.trim());
        if (!m) continue;
        const ms = Number(m[2]);
        const aimMs = m[3] === undefined ? undefined : Number(m[3]) * (m[4] === 's' ? 1000 : 1);
        rows.push({
          section: '5 reports',
          figure: m[1]!,
          unit: 'ms',
          value: summarize([ms]),
          ...(aimMs === undefined ? {} : { aim: { text: `≤ ${aimMs.toLocaleString('en-US')}`, met: ms <= aimMs } }),
        });
      }
      resolve({
        rows,
        status:
          code === 0
            ? `bench/report.ts ran; its figures are each the median of its own repeated reads`
            : `bench/report.ts FAILED (exit ${code})`,
      });
    });
  });
}
