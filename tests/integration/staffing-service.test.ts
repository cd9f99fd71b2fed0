/**
 * `staffingFor(branch, date)` (server/staffing/service.ts) on a real SQLite file (a throwaway PostgreSQL with
 * YINGBIN_TEST_STORE=postgres): four weeks of history
 * imported through the import's own path, whose every week is the same, and posts set on the duty board.
 * The forecast is that week itself; the handle time and patience are what a count made here straight from
 * the rows gives; the counts are the Erlang C counts of docs/staffing.md (Advice); on duty comes from the duty log.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../server/config.ts';
import { Hall } from '../../server/hall.ts';
import { importCsv } from '../../server/import/write.ts';
import { ReportService } from '../../server/reports/service.ts';
import { SqlReportStore } from '../../server/reports/sql-store.ts';
import { Staffing, UnknownBranchError } from '../../server/staffing/service.ts';
import { openStore } from '../../server/store/db.ts';
import { DutyStore } from '../../server/store/duty.ts';
import { EventLog } from '../../server/store/log.ts';
import type { Sql } from '../../server/store/sql.ts';
import { erlangAServers, erlangCServers } from '../../shared/staffing/erlang.ts';
import { addDays } from '../../shared/staffing/slots.ts';
import { localDay, localInstant } from '../../shared/time.ts';
import { testConfig, writeTestSetup } from '../support/config.ts';
import { createDatabase, startPostgres, type Engine } from '../support/engines.ts';
import { TEST_STORE } from '../support/server.ts';

const TZ = 'Asia/Shanghai';
const HEADER =
  'external_id,line,arrived_at,vip_identified_at,greeted_at,greeted_by,greeted_by_role,called_at,service_started_at,completed_at,left_at,special_needs';
const today = localDay(Date.now(), TZ);
/** Arrivals in the 10:00 hour by weekday (Sunday first): the weekly pattern the forecast must give back. */
const TEN_OCLOCK = [3, 8, 10, 12, 14, 16, 6];
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

/** A local wall-clock instant of a day as ISO 8601 with the hall's offset. */
const at = (day: string, seconds: number) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${day}T${p(Math.floor(seconds / 3600))}:${p(Math.floor(seconds / 60) % 60)}:${p(seconds % 60)}+08:00`;
};

interface Row {
  arrived: number;
  greeted: number | null;
  by?: string;
  vip?: boolean;
  left?: number;
}

/** One day: 12 greeted by g01 every 300 s from 09:00; the weekday's count in the 10:00 hour greeted by g02;
 * three VIPs received by v01 at 11:00, 11:10, 11:20; one customer who gave up after 10 minutes at 11:40. */
function dayRows(day: string): Row[] {
  const rows: Row[] = [];
  for (let k = 0; k < 12; k++) rows.push({ arrived: 9 * 3600 + k * 300, greeted: 9 * 3600 + k * 300 + 30, by: 'g01' });
  const n = TEN_OCLOCK[weekday(day)]!;
  for (let k = 0; k < n; k++) {
    const t = 10 * 3600 + Math.floor((k * 3600) / n);
    rows.push({ arrived: t, greeted: t + 30, by: 'g02' });
  }
  for (let k = 0; k < 3; k++)
    rows.push({ arrived: 11 * 3600 + k * 600, greeted: 11 * 3600 + k * 600 + 60, by: 'v01', vip: true });
  rows.push({ arrived: 11 * 3600 + 40 * 60, greeted: null, left: 11 * 3600 + 50 * 60 });
  return rows;
}

function csv(days: string[]): string {
  const lines = [HEADER];
  for (const day of days)
    dayRows(day).forEach((r, i) =>
      lines.push(
        [
          `${day}-${i}`,
          'life',
          at(day, r.arrived),
          r.vip ? at(day, r.arrived) : '',
          r.greeted === null ? '' : at(day, r.greeted),
          r.by ?? '',
          r.greeted === null ? '' : r.vip ? 'vip-host' : 'greeter',
          '',
          r.greeted === null ? '' : at(day, r.greeted),
          r.greeted === null ? '' : at(day, r.greeted + 600),
          r.greeted === null ? at(day, r.left!) : '',
          '',
        ].join(','),
      ),
    );
  return lines.join('\n');
}

const HISTORY = Array.from({ length: 28 }, (_, i) => addDays(today, i - 28));

describe(`staffingFor on a real ${TEST_STORE} store`, () => {
  let sql: Sql;
  let config: Config;
  let staffing: Staffing;
  let dir: string;
  let postgres: Engine | undefined;

  beforeAll(async () => {
    const raw = testConfig({ timeZone: TZ });
    Object.assign(raw, { staffing: { slotMinutes: 60 } });
    config = parseConfig(raw);
    const setup = writeTestSetup(raw);
    dir = dirname(setup.dbPath);
    if (TEST_STORE === 'postgres') postgres = await startPostgres();
    const databaseUrl = postgres && (await createDatabase(postgres.url, `t_staffing_${process.pid}`));
    sql = await openStore({ dbPath: setup.dbPath, databaseUrl });
    const hall = new Hall(new EventLog(sql), config, Date.now);
    const reports = new ReportService(hall, new SqlReportStore(sql), config, Date.now);
    // As the server and the import command do: each visit's report summary is written in its transaction.
    hall.projections.push((fold, isNew) => reports.project(fold, isNew));
    const result = await importCsv(csv(HISTORY), {
      hall,
      reports,
      branch: 't1',
    });
    expect(result).toMatchObject({ written: true, bad: [] });
    staffing = new Staffing(sql, config, Date.now);
  }, 120_000);
  afterAll(async () => {
    await sql?.close();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('forecasts the repeating week as itself, per weekday, and advises the Erlang C counts of docs/staffing.md', async () => {
    // Every weekday of the coming week, from the same four weeks of history.
    for (let i = 0; i < 7; i++) {
      const day = addDays(today, i);
      const a = await staffing.staffingFor('t1', day);
      expect(a).toMatchObject({ branch: 't1', date: day, objective: 0.99, slotMinutes: 60 });
      expect(a.slots).toHaveLength(24);
      expect(a.slots[10]!.start).toBe(`${day}T10:00:00+08:00`);
      expect(
        a.slots.map((s) => s.arrivals),
        day,
      ).toEqual(a.slots.map((_, h) => (h === 9 ? 12 : h === 10 ? TEN_OCLOCK[weekday(day)] : h === 11 ? 4 : 0)));
      expect(a.slots[11]!.vipArrivals).toBe(3);
      const h = a.handleSeconds.greeters.seconds;
      for (const s of a.slots) {
        expect(s.needed.greeters).toBe(erlangCServers((s.arrivals / 3600) * h, 300, h, 0.01));
      }
      expect(a.slots[11]!.needed.vipHosts).toBe(erlangCServers((3 / 3600) * 600, 180, 600, 0.01));
    }
  });

  it('estimates handle times and patience from the imported greetings and waits, as counted here', async () => {
    // Gaps between a staff member's consecutive greetings, breaks (over 30 minutes) left out: g01 300 s,
    // g02 3600/n s for the weekday's n; the median of all of them.
    const gaps: number[] = [];
    for (const day of HISTORY) {
      const n = TEN_OCLOCK[weekday(day)]!;
      for (let k = 0; k < 11; k++) gaps.push(300);
      for (let k = 0; k + 1 < n; k++) gaps.push(Math.floor(((k + 1) * 3600) / n) - Math.floor((k * 3600) / n));
    }
    gaps.sort((x, y) => x - y);
    const a = await staffing.staffingFor('t1', today);
    expect(a.handleSeconds).toEqual({
      greeters: { seconds: gaps[Math.ceil(gaps.length / 2) - 1], source: 'estimated' },
      vipHosts: { seconds: 600, source: 'estimated' },
    });
    // Patience: every wait summed (30 s each greeted, 60 s each VIP, 600 s the one who left) ÷ those who left.
    const waited = HISTORY.reduce((s, day) => s + (12 + TEN_OCLOCK[weekday(day)]!) * 30 + 3 * 60 + 600, 0);
    expect(a.patienceSeconds.greeters).toBeCloseTo(waited / 28, 6);
    expect(a.patienceSeconds.vipHosts).toBeNull(); // no VIP ever left
    const q = { handleSeconds: a.handleSeconds.greeters.seconds, patienceSeconds: waited / 28 };
    expect(a.slots[9]!.erlangA).toEqual({
      greeters: erlangAServers({ ...q, arrivalsPerSecond: 12 / 3600 }, 300, 0.01),
      vipHosts: null,
    });
  });

  it('shows who was on duty from the duty log, who is on duty now for the rest of today, nothing ahead', async () => {
    const duty = new DutyStore(sql);
    const yesterday = addDays(today, -1);
    await duty.set('t1', 'g01', 'on-duty', localInstant(yesterday, '08:30', TZ), 'm01');
    await duty.set('t1', 'v01', 'on-duty', localInstant(yesterday, '08:45', TZ), 'm01');
    await duty.set('t1', 'g01', 'off-duty', localInstant(yesterday, '10:30', TZ), 'm01');
    await duty.set('t1', 'v01', 'off-duty', localInstant(yesterday, '11:30', TZ), 'm01');
    await duty.set('t1', 'g02', 'on-duty', Date.now() - 1000, 'm01');

    const past = await staffing.staffingFor('t1', yesterday);
    expect(past.slots[7]!.onDuty).toBeUndefined(); // before the duty log began
    expect(past.slots[9]!.onDuty).toEqual({ greeters: 2, vipHosts: 1 }); // g01, and v01 (greeter and VIP host)
    expect(past.slots[11]!.onDuty).toEqual({ greeters: 1, vipHosts: 1 });
    expect(past.slots[12]!.onDuty).toEqual({ greeters: 0, vipHosts: 0 });

    const now = await staffing.staffingFor('t1', today);
    const hour = Number(
      new Intl.DateTimeFormat('en', { hour: 'numeric', hourCycle: 'h23', timeZone: TZ }).format(new Date()),
    );
    for (const s of now.slots.slice(hour)) expect(s.onDuty, s.start).toEqual({ greeters: 1, vipHosts: 0 });

    const ahead = await staffing.staffingFor('t1', addDays(today, 1));
    expect(ahead.slots.every((s) => s.onDuty === undefined)).toBe(true);
  });

  it('advises no one where there is no history, and refuses a branch it does not know', async () => {
    const a = await staffing.staffingFor('t1', '2020-01-06');
    expect(a.slots.every((s) => s.arrivals === 0 && s.needed.greeters === 0 && s.needed.vipHosts === 0)).toBe(true);
    await expect(staffing.staffingFor('nowhere', today)).rejects.toBeInstanceOf(UnknownBranchError);
  });
});
