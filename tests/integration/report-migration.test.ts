/**
 * Migration 0015 (one row per clock) on a database the previous version made: a real day of the
 * Anonymous Bank (tests/fixtures) and the cases that stress the layout (a VIP identified after midnight,
 * a disputed clock, special needs and transfers) written as the previous version wrote them, then the
 * real server started on that database. The daily report it serves equals the report of the same visits
 * written fresh at the new layout, and the independent count of the bank's day; both stores.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { bankLines, bankMonthCsv, BANK_TIME_ZONE } from '../support/bank.ts';
import { STAFF, testConfig, writeTestSetup } from '../support/config.ts';
import { createDatabase, startPostgres, type Engine } from '../support/engines.ts';
import { previousPostgres, previousSqlite } from '../support/report-0014.ts';
import { startServer } from '../support/server.ts';
import { openStore } from '../../server/store/db.ts';
import { SqlReportStore } from '../../server/reports/sql-store.ts';
import { DayTallies } from '../../server/reports/tallies.ts';
import { buildReport, type ClockSummary, type Report, type VisitSummary } from '../../shared/report.ts';
import { localDay, localHour } from '../../shared/time.ts';

const TZ = BANK_TIME_ZONE;
const DAY = '1999-02-01';
const NEXT = '1999-02-02';

function clock(rule: string, start: number, targetS: number, stop: number | null, by: string | null): ClockSummary {
  return {
    rule,
    day: localDay(start, TZ),
    hour: localHour(start, TZ),
    start,
    due: start + targetS * 1000,
    stop,
    stoppedBy: by,
  };
}

function visit(id: string, line: string, arrivedAt: number, endedAt: number | null, clocks: ClockSummary[]) {
  return {
    id,
    ticket: id,
    line,
    day: localDay(arrivedAt, TZ),
    hour: localHour(arrivedAt, TZ),
    arrivedAt,
    endedAt,
    vip: false,
    vipLater: false,
    specialNeeds: [],
    owner: clocks.find((c) => c.stoppedBy)?.stoppedBy ?? null,
    transfersBy: [],
    imported: true,
    clocks,
  } satisfies VisitSummary;
}

/** The bank's 1 February as the import makes visits of it (tests/support/bank.ts reads the data set). */
function bankDay(): VisitSummary[] {
  const [, ...rows] = bankMonthCsv(1).csv.split('\n');
  return rows.map((row) => {
    const [id, line, arrived, vipAt, greeted, by, role, , , completed, left] = row.split(',');
    const t = (s: string | undefined) => (s ? Date.parse(s) : null);
    const arrivedAt = t(arrived)!;
    const stop = t(greeted);
    const clocks = [clock('reception', arrivedAt, 300, stop, stop === null ? null : by!)];
    const vipStart = t(vipAt);
    if (vipStart !== null) {
      const hostStop = stop !== null && role === 'vip-host' && stop >= vipStart ? stop : null;
      clocks.push(clock('vip-reception', vipStart, 180, hostStop, hostStop === null ? null : by!));
    }
    return { ...visit(id!, line!, arrivedAt, t(completed) ?? t(left), clocks), vip: vipStart !== null };
  });
}

/** What the previous layout had to hold besides: its VIP clock on the next day, a dispute, needs, transfers. */
function edgeCases(): VisitSummary[] {
  const at = (local: string) => Date.parse(`${local}+02:00`);
  const lateVip = visit('edge-vip-after-midnight', 'ps', at(`${DAY}T23:58:00`), at(`${NEXT}T00:30:00`), [
    clock('reception', at(`${DAY}T23:58:00`), 300, at(`${NEXT}T00:02:00`), 'v01'),
    clock('vip-reception', at(`${NEXT}T00:01:00`), 180, at(`${NEXT}T00:02:00`), 'v01'),
  ]);
  const disputed = visit('edge-disputed', 'pe', at(`${DAY}T12:00:00`), at(`${DAY}T12:20:00`), [
    {
      ...clock('reception', at(`${DAY}T12:00:00`), 300, at(`${DAY}T12:04:00`), 'g01'),
      disputedAt: at(`${DAY}T12:06:00`),
    },
  ]);
  const needs = visit('edge-needs', 'in', at(`${DAY}T13:00:00`), at(`${DAY}T13:40:00`), [
    clock('reception', at(`${DAY}T13:00:00`), 300, null, null),
    clock('vip-reception', at(`${DAY}T13:10:00`), 180, null, null),
  ]);
  return [
    { ...lateVip, vip: true, vipLater: true, imported: false },
    { ...disputed, imported: false },
    {
      ...needs,
      vip: true,
      vipLater: true,
      specialNeeds: ['elderly', 'disability'],
      transfersBy: ['g01', 'g02'],
      owner: 'g02',
    },
  ];
}

/** The report as the server computes it, without what differs by the time of asking. */
const figures = ({ generatedAt: _g, ...r }: Report & Record<string, unknown>) => {
  // What the route adds beside the report's figures (names, revisions, the day's staffing by hour).
  for (const k of ['names', 'revision', 'revisions', 'staffing']) delete r[k];
  return r;
};

const visits = [...bankDay(), ...edgeCases()];
let postgres: Engine | undefined;
beforeAll(async () => {
  postgres = await startPostgres();
}, 180_000);
afterAll(async () => {
  await postgres?.stop();
});

describe.each(['sqlite', 'postgres'] as const)('a %s database of the previous version, migrated', (dialect) => {
  it('keeps every daily report equal to the same visits written fresh and to a count of the bank’s day', async () => {
    expect(visits.length).toBeGreaterThan(500);
    const config = testConfig({ timeZone: TZ });
    config.branches[0]!.lines = bankLines();
    const setup = writeTestSetup(config);
    const fresh = writeTestSetup(config);
    const [databaseUrl, freshUrl] =
      dialect === 'postgres'
        ? [await createDatabase(postgres!.url, 'migrate_old'), await createDatabase(postgres!.url, 'migrate_fresh')]
        : [undefined, undefined];
    if (databaseUrl) await previousPostgres(databaseUrl, 't1', visits);
    else previousSqlite(setup.dbPath, 't1', visits);

    // The same visits written by this version, read in this process: what the report must be.
    const sql = await openStore({ dbPath: fresh.dbPath, databaseUrl: freshUrl });
    const store = new SqlReportStore(sql);
    await sql.transaction(async () => {
      for (const v of visits) await store.save('t1', v, true);
    });
    const now = Date.now();
    const expected = async (from: string, to: string) =>
      (await new DayTallies(store).range('t1', from, to, now)).report({
        branch: 't1',
        from,
        to,
        timeZone: TZ,
        now,
        rules: [
          { id: 'reception', targetSeconds: 300 },
          { id: 'vip-reception', targetSeconds: 180 },
        ],
      });

    // The server migrates the previous version's database as it starts, and serves its report.
    const server = await startServer({ ...setup, databaseUrl });
    try {
      const http = api(server.url);
      const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
      for (const [from, to] of [
        [DAY, DAY],
        [NEXT, NEXT],
        [DAY, NEXT],
      ] as const) {
        const q = from === to ? `date=${from}` : `from=${from}&to=${to}`;
        const served = (await http.get(`/branches/t1/reports/daily?${q}`, manager)).body;
        const want = await expected(from, to);
        expect(figures(served), q).toEqual(figures(JSON.parse(JSON.stringify(want))));
        // …and the pure report of the visits as they were before: the figures did not move.
        expect(figures(served), q).toEqual(
          figures(JSON.parse(JSON.stringify(buildReport(visits, { branch: 't1', from, to, timeZone: TZ, now })))),
        );
        // The second read comes from the day rollups the first one stored: the same.
        expect(figures((await http.get(`/branches/t1/reports/daily?${q}`, manager)).body), q).toEqual(figures(served));
      }
      const day = (await http.get(`/branches/t1/reports/daily?date=${DAY}`, manager)).body;
      // Counted straight from the visits: reception met within 300 s (inclusive), breached later or never.
      const bank = visits.filter((v) => v.day === DAY);
      const reception = bank.map((v) => v.clocks.find((c) => c.rule === 'reception')!);
      const met = reception.filter((c) => c.disputedAt == null && c.stop !== null && c.stop <= c.due).length;
      expect(day.rules.reception.met).toBe(met);
      expect(day.rules.reception.eligible).toBe(bank.length);
      expect(day.arrivals).toBe(bank.length);
      expect(day.disputed.map((d: { ticket: string }) => d.ticket)).toEqual(['edge-disputed']);
      const next = (await http.get(`/branches/t1/reports/daily?date=${NEXT}`, manager)).body;
      expect(next.rules['vip-reception']).toMatchObject({ eligible: 1, met: 1 });
    } finally {
      await server.kill();
    }

    // Row by row, the migrated clocks are the ones this version writes (the final outcome included).
    const migrated = await openStore({ dbPath: setup.dbPath, databaseUrl });
    const clocks = (s: typeof sql) =>
      s.all('SELECT * FROM report_clocks ORDER BY visit_id, rule').then((rows) => rows.map((r) => ({ ...r })));
    const before = await clocks(sql);
    expect(before.length).toBe(visits.reduce((n, v) => n + v.clocks.length, 0));
    expect(await clocks(migrated)).toEqual(before);
    await migrated.close();
    await sql.close();
    rmSync(setup.dir, { recursive: true, force: true });
    rmSync(fresh.dir, { recursive: true, force: true });
  }, 240_000);
});
