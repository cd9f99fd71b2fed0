/**
 * `npm run backtest` on real traffic, the fast form: the Anonymous Bank's first three weeks of February 1999
 * (tests/support/bank.ts, read as a hall like tests/integration/import-bank.test.ts) imported with
 * `npm run import` into a SQLite file, then its third week replayed day by day — each day forecast only from
 * the days before it — against the naive baseline (the same slot a week earlier). The forecast must beat
 * it. The whole month's figures are in docs/staffing.md.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankLines, bankMonthCsv, BANK_TIME_ZONE } from '../support/bank.ts';
import { testConfig, writeTestSetup } from '../support/config.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

describe('npm run backtest on the Anonymous Bank', () => {
  const config = testConfig({ timeZone: BANK_TIME_ZONE });
  config.branches[0]!.lines = bankLines();
  const setup = writeTestSetup(config);
  const env = { YINGBIN_DB: setup.dbPath, YINGBIN_CONFIG: setup.configPath, YINGBIN_DATABASE_URL: '' };
  // The script by its npm name once; the other runs start the same file directly (npm costs seconds here).
  const npmBacktest = (...args: string[]) => run('npm', ['run', '--silent', 'backtest', '--', ...args], env);
  const backtest = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'server/cli/backtest.ts', ...args], env);

  beforeAll(async () => {
    const weeks = bankMonthCsv(21);
    const file = join(setup.dir, 'weeks.csv');
    writeFileSync(file, weeks.csv);
    const r = await run(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', file, '--branch', 't1'], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`${weeks.rows} visit(s) imported`);
  }, 600_000);
  afterAll(() => rmSync(setup.dir, { recursive: true, force: true }));

  it('forecasts the third week from the days before each day and beats the same slot a week earlier', async () => {
    const r = await npmBacktest('--branch', 't1', '--from', '1999-02-15', '--to', '1999-02-21', '--json');
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({ branch: 't1', slotMinutes: 15, from: '1999-02-15', to: '1999-02-21' });
    expect(result.days.filter((d: { skipped?: string }) => d.skipped)).toEqual([]);
    expect(result.slots).toBe(7 * 96);
    // Every day's arrivals are what was imported for it, so each is scored against the real day.
    expect(result.days.map((d: { arrivals: number }) => d.arrivals).reduce((a: number, b: number) => a + b, 0)).toBe(
      bankMonthCsv(21).rows - bankMonthCsv(14).rows,
    );
    expect(result.forecast.mae).toBeLessThan(result.naive.mae);
    console.log(
      `bank 15–21 Feb 1999, per 15-minute slot: forecast MAE ${result.forecast.mae.toFixed(3)} bias ${result.forecast.bias.toFixed(3)}; naive MAE ${result.naive.mae.toFixed(3)} bias ${result.naive.bias.toFixed(3)}`,
    );
  });

  it('prints the days, the totals and whether the forecast beats the baseline; skips what it cannot score', async () => {
    const r = await backtest('--branch', 't1', '--from', '1999-02-07', '--to', '1999-02-16');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^1999-02-07 Sun {2}skipped: no history a week before$/m);
    expect(r.out).toMatch(/^1999-02-15 Mon +\d+ +\d+\.\d\d [+-]\d+\.\d\d +\d+\.\d\d [+-]\d+\.\d\d/m);
    expect(r.out).toMatch(/^all 9 scored day\(s\), 864 slots:/m);
    expect(r.out).toMatch(/^forecast (beats|does NOT beat) the naive baseline: MAE /m);
  });

  it('refuses bad options with the usage and exit status 2', async () => {
    for (const args of [
      ['--branch', 't1', '--from', '1999-02-30', '--to', '1999-02-21'],
      ['--branch', 't1', '--from', '1999-02-21', '--to', '1999-02-15'],
      ['--branch', 'nowhere', '--from', '1999-02-15', '--to', '1999-02-21'],
      ['--branch', 't1'],
    ]) {
      const r = await backtest(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^backtest: /);
    }
  });
});
