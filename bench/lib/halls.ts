/**
 * A group of halls for the benchmarks: the shape of tests/support/config.ts, repeated, with every
 * rate limit lifted (`0` = no limit, docs/rules.md §7) so the load generator, not a limiter, sets the pace.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hallLines } from '../../tests/support/config.ts';

export interface HallsOptions {
  halls: number;
  receptionSeconds: number;
  vipSeconds?: number;
  warnAt?: number[];
}

export const hallId = (i: number) => `h${String(i + 1).padStart(3, '0')}`;
export const kioskToken = (hall: string) => `bench-kiosk-token-${hall}`;
export const wallToken = (hall: string) => `bench-wall-token-${hall}`;
/** Every hall has one greeter whose session the benchmark's staff tablets share. */
export const greeter = (hall: string) => ({ staffId: `g-${hall}`, pin: '1111' });

/** A benchmark hall: the test hall's lines, three counters, open all day, the two reception rules. */
export function hallBranch(id: string, receptionSeconds: number, vipSeconds: number, warnAt: number[]) {
  return {
    id,
    name: { zh: `营业厅 ${id}`, en: `Hall ${id}` },
    timeZone: 'Asia/Shanghai',
    opens: '00:00',
    closes: '24:00',
    lines: hallLines(),
    counters: ['1', '2', '3'],
    rules: {
      reception: { targetSeconds: receptionSeconds, warnAt },
      'vip-reception': { targetSeconds: vipSeconds, warnAt, qualifies: ['vip-host'] },
    },
  };
}

export function hallsConfig(o: HallsOptions) {
  const warnAt = o.warnAt ?? [0.8];
  const ids = Array.from({ length: o.halls }, (_, i) => hallId(i));
  return {
    branches: ids.map((id) => hallBranch(id, o.receptionSeconds, o.vipSeconds ?? o.receptionSeconds, warnAt)),
    staff: ids.flatMap((id) => [
      { id: `g-${id}`, name: `接待 ${id}`, branch: id, roles: ['greeter'], pin: '1111' },
      { id: `v-${id}`, name: `贵宾 ${id}`, branch: id, roles: ['greeter', 'vip-host'], pin: '3333' },
    ]),
    devices: ids.flatMap((id) => [
      { id: `kiosk-${id}`, branch: id, role: 'kiosk', token: kioskToken(id) },
      { id: `wall-${id}`, branch: id, role: 'wall', token: wallToken(id) },
    ]),
    limits: { checkInsPerMinutePerDevice: 0, loginAttemptsPerMinute: 0, bodyBytes: 65536 },
  };
}

/** One scratch folder per bench run (a run writes over a gigabyte of databases), removed at its end. */
let scratch: string | undefined;

export function removeScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

/** A fresh temp folder holding the configuration; the database goes beside it. */
export function writeSetup(config: unknown): { dir: string; configPath: string; dbPath: string } {
  scratch ??= mkdtempSync(join(tmpdir(), 'yingbin-bench-'));
  const dir = mkdtempSync(join(scratch, 'setup-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config));
  return { dir, configPath, dbPath: join(dir, 'yingbin.db') };
}
