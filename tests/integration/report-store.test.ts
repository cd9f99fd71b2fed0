/**
 * Day rollups in both stores — a real SQLite file and a throwaway PostgreSQL (migration 0006 in each
 * dialect, triggers included): stored for days whose figures no longer depend on the time, dropped when a
 * visit of that day is written again, and always equal to the visit-by-visit report of the same rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, startPostgres, type Engine } from '../support/engines.ts';
import { openStore } from '../../server/store/db.ts';
import type { Sql } from '../../server/store/sql.ts';
import { SqlReportStore } from '../../server/reports/sql-store.ts';
import { DayTallies } from '../../server/reports/tallies.ts';
import { buildReport, type VisitSummary } from '../../shared/report.ts';

const TZ = 'Asia/Shanghai';
const at = (local: string) => Date.parse(`${local}+08:00`);

/** A visit on a Shanghai day: greeted after `greetS` seconds (null: never), ended after `endS` (null: open). */
function visit(
  id: string,
  arrived: string,
  greetS: number | null,
  endS: number | null,
  o: { vipAt?: string } = {},
): VisitSummary {
  const start = at(arrived);
  const day = arrived.slice(0, 10);
  const hour = Number(arrived.slice(11, 13));
  const stop = greetS === null ? null : start + greetS * 1000;
  const clocks: VisitSummary['clocks'] = [
    { rule: 'reception', day, hour, start, due: start + 300_000, stop, stoppedBy: stop === null ? null : 'g01' },
  ];
  if (o.vipAt) {
    const v = at(o.vipAt);
    clocks.push({
      rule: 'vip-reception',
      day: o.vipAt.slice(0, 10),
      hour: Number(o.vipAt.slice(11, 13)),
      start: v,
      due: v + 180_000,
      stop: null,
      stoppedBy: null,
    });
  }
  return {
    id,
    ticket: id,
    line: 'life',
    day,
    hour,
    arrivedAt: start,
    endedAt: endS === null ? null : start + endS * 1000,
    vip: !!o.vipAt,
    vipLater: !!o.vipAt,
    specialNeeds: [],
    owner: stop === null ? null : 'g01',
    transfersBy: [],
    imported: false,
    clocks,
  };
}

let dir: string;
let sql: Sql;
let store: SqlReportStore;
let tallies: DayTallies;
const rows = new Map<string, VisitSummary>();
const put = async (v: VisitSummary) => {
  rows.set(v.id, v);
  await store.save('t1', v);
};
const storedDays = async () =>
  (await sql.all<{ day: string }>("SELECT day FROM report_rollups WHERE branch = 't1' ORDER BY day")).map((r) => r.day);
const viaRollups = async (from: string, to: string, now: number) =>
  (await tallies.range('t1', from, to, now)).report({ branch: 't1', from, to, timeZone: TZ, now });
const direct = (from: string, to: string, now: number) =>
  buildReport(rows.values(), { branch: 't1', from, to, timeZone: TZ, now });

let postgres: Engine | undefined;
let databases = 0;
beforeAll(async () => {
  postgres = await startPostgres();
}, 180_000);
afterAll(async () => {
  await postgres?.stop();
});

const STORES = ['sqlite', 'postgres'] as const;
let dialect: (typeof STORES)[number] = 'sqlite';

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yingbin-report-store-'));
  const databaseUrl =
    dialect === 'postgres' ? await createDatabase(postgres!.url, `report_store_${++databases}`) : undefined;
  sql = await openStore({ dbPath: join(dir, 'test.db'), databaseUrl });
  store = new SqlReportStore(sql);
  tallies = new DayTallies(store);
  rows.clear();
  await put(visit('A001', '2024-03-01T09:00:00', 240, 900)); // met
  await put(visit('A002', '2024-03-01T09:30:00', 400, 900)); // breached
  await put(visit('A003', '2024-03-02T10:00:00', 60, 600)); // met
  await put(visit('A004', '2024-03-03T10:00:00', null, 120)); // left early: excluded
  await put(visit('A005', '2024-03-03T11:00:00', null, null)); // open, never greeted
});
afterEach(async () => {
  await sql.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(STORES)('day rollups in %s', (store_) => {
  beforeAll(() => {
    dialect = store_;
  });

  it('stores the closed days, tallies the day with a running clock live, and both equal the visit-by-visit report', async () => {
    const now = at('2024-03-03T11:02:00'); // A005's clock is running
    const first = await viaRollups('2024-03-01', '2024-03-03', now);
    expect(first).toEqual(direct('2024-03-01', '2024-03-03', now));
    expect(first.rules.reception).toMatchObject({ eligible: 5, met: 2, breached: 1, excluded: 1, running: 1 });
    expect(await storedDays()).toEqual(['2024-03-01', '2024-03-02']);
    // The second read takes the stored days and gives the same figures.
    expect(await viaRollups('2024-03-01', '2024-03-03', now)).toEqual(first);
  });

  it('drops a day’s rollup when one of its visits is written again, and counts the new figures', async () => {
    const now = at('2024-03-10T12:00:00');
    await viaRollups('2024-03-01', '2024-03-03', now);
    expect(await storedDays()).toEqual(['2024-03-01', '2024-03-02', '2024-03-03']);
    await put(visit('A001', '2024-03-01T09:00:00', 301, 900)); // a correction: greeted 1 s too late
    expect(await storedDays()).toEqual(['2024-03-02', '2024-03-03']);
    const after = await viaRollups('2024-03-01', '2024-03-03', now);
    expect(after.rules.reception).toMatchObject({ met: 1, breached: 3 });
    expect(after).toEqual(direct('2024-03-01', '2024-03-03', now));
  });

  it('drops both days when a correction moves a visit to another day, and the day of a VIP clock after midnight', async () => {
    const now = at('2024-03-10T12:00:00');
    await viaRollups('2024-03-01', '2024-03-03', now);
    await put(visit('A003', '2024-03-01T10:00:00', 60, 600)); // moved from 03-02 to 03-01
    expect(await storedDays()).toEqual(['2024-03-03']);
    await viaRollups('2024-03-01', '2024-03-03', now);
    await put(visit('A002', '2024-03-01T23:58:00', 100, 900, { vipAt: '2024-03-02T00:01:00' }));
    expect(await storedDays()).toEqual(['2024-03-03']);
    const r = await viaRollups('2024-03-01', '2024-03-03', now);
    expect(r).toEqual(direct('2024-03-01', '2024-03-03', now));
    expect(r.days.map((d) => d.rules['vip-reception'].breached)).toEqual([0, 1, 0]);
  });

  it('keeps a day whose open clock is past due, its lateness growing with the time of reading', async () => {
    const first = at('2024-03-03T12:00:00'); // A005 due 11:05, never greeted, still open → breached
    const r1 = await viaRollups('2024-03-03', '2024-03-03', first);
    expect(await storedDays()).toEqual(['2024-03-03']);
    expect(r1.breaches.map((b) => [b.ticket, b.lateBySeconds])).toEqual([['A005', 55 * 60]]);
    const later = at('2024-03-03T13:00:00');
    const r2 = await viaRollups('2024-03-03', '2024-03-03', later);
    expect(r2.breaches.map((b) => [b.ticket, b.lateBySeconds])).toEqual([['A005', 115 * 60]]);
    expect(r2).toEqual(direct('2024-03-03', '2024-03-03', later));
    // A reading from before that due (a clock set back) does not trust the rollup: the clock runs again.
    const earlier = at('2024-03-03T11:03:00');
    expect((await viaRollups('2024-03-03', '2024-03-03', earlier)).rules.reception).toMatchObject({
      running: 1,
      breached: 0,
    });
  });
});
