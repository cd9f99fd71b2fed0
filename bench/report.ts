/**
 * The report benchmark (issue 7): builds its data in a temp SQLite file and prints how long the report
 * takes for one day of 2,000 visits (aim ≤ 50 ms) and for 90 days × 20 branches × 1,000 visits a day
 * (1.8 million visits; aim ≤ 2 s). Past days are read from their per-day rollups, so each range is
 * timed twice: the first read (which tallies every visit once and stores the rollups) and later reads.
 * Run: `tsx bench/report.ts` (bench/suites/reports.ts runs it so, in its own process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../server/store/db.ts';
import { SqliteSql } from '../server/store/sqlite.ts';
import { SqlReportStore } from '../server/reports/sql-store.ts';
import { buildReport, daysBetween, type Report, type VisitSummary } from '../shared/report.ts';
import { DayTallies } from '../server/reports/tallies.ts';
import { localInstant } from '../shared/time.ts';

const TZ = 'Asia/Shanghai';
const LINES = ['property', 'life', 'pension'];
const STAFF = ['g01', 'g02', 'g03', 'v01', 'm01'];

/** A deterministic pseudo-random generator, so every run measures the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function dayOfVisits(day: string, n: number, prefix: string, random: () => number): VisitSummary[] {
  const open = localInstant(day, '09:00', TZ);
  const out: VisitSummary[] = [];
  for (let i = 0; i < n; i++) {
    const arrivedAt = open + Math.floor(random() * 8 * 3600_000);
    const wait = Math.floor(-Math.log(1 - random()) * 150_000);
    const left = random() < 0.05;
    const vip = random() < 0.1;
    const greeter = STAFF[Math.floor(random() * STAFF.length)]!;
    const stop = left ? null : arrivedAt + wait;
    const endedAt = (stop ?? arrivedAt + wait) + 600_000;
    const hour = 9 + Math.floor((arrivedAt - open) / 3600_000);
    out.push({
      id: `${prefix}-${day}-${i}`,
      ticket: `A${String(i % 1000).padStart(3, '0')}`,
      line: LINES[i % 3]!,
      day,
      hour,
      arrivedAt,
      endedAt,
      vip,
      vipLater: false,
      specialNeeds: i % 17 === 0 ? ['elderly'] : [],
      owner: stop === null ? null : greeter,
      transfersBy: i % 50 === 0 ? [greeter] : [],
      imported: false,
      clocks: [
        {
          rule: 'reception',
          day,
          hour,
          start: arrivedAt,
          due: arrivedAt + 300_000,
          stop,
          stoppedBy: stop === null ? null : greeter,
        },
        ...(vip
          ? [
              {
                rule: 'vip-reception' as const,
                day,
                hour,
                start: arrivedAt,
                due: arrivedAt + 180_000,
                stop,
                stoppedBy: stop === null ? null : 'v01',
              },
            ]
          : []),
      ],
    });
  }
  return out;
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** `n` timed runs, one after another (never concurrently: each read has the store to itself). */
async function runs<T>(n: number, fn: () => Promise<T>): Promise<{ ms: number; value: T }[]> {
  const out: { ms: number; value: T }[] = [];
  for (let i = 0; i < n; i++) out.push(await time(fn));
  return out;
}

export interface ReportBenchFigures {
  /** One day tallied from its visits (the open day, or a closed day read for the first time). */
  dayLiveMs: number;
  /** One closed day from its rollup. */
  dayMs: number;
  dayVisits: number;
  rangeBranchFirstMs: number;
  rangeBranchMs: number;
  rangeBranchVisits: number;
  /** 1.8 million visits with no rollup stored yet: every day is tallied once and stored. */
  rangeAllFirstMs: number;
  rangeAllMs: number;
  rangeAllVisits: number;
}

async function benchReport(
  log: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Promise<ReportBenchFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'yingbin-bench-report-'));
  const path = join(dir, 'bench.db');
  const db = openDatabase(path);
  db.pragma('synchronous = OFF'); // building the data only; the measured reads are unaffected
  // The server's own store on the same connection: what the report routes read through.
  const sql = new SqliteSql(db, path);
  try {
    const store = new SqlReportStore(sql);
    const random = rng(7);
    const days = daysBetween('2024-01-01', '2024-03-30'); // 90 days
    const branches = Array.from({ length: 20 }, (_, i) => `b${String(i + 1).padStart(2, '0')}`);
    // Written through SqlReportStore.save in one transaction, so every row is what the server writes (about
    // a minute on two busy cores: the upsert itself, not the awaiting, is the cost).
    const built = await time(() =>
      sql.transaction(async () => {
        for (const b of branches)
          for (const d of days) for (const v of dayOfVisits(d, 1000, b, random)) await store.save(b, v);
        for (const v of dayOfVisits('2024-04-01', 2000, 'busy', random)) await store.save('busy', v);
      }),
    );
    db.exec('ANALYZE');
    log(
      `report bench: built ${branches.length * days.length * 1000 + 2000} visit summaries in ${(built.ms / 1000).toFixed(1)} s`,
    );

    const tallies = new DayTallies(store);
    // `now` is after every day of the data: the days are closed, as they are for a past range.
    const now = Date.now();
    // As ReportService.report reads: acknowledgements, then the days' tallies (rollups or visit rows).
    const report = async (branch: string, from: string, to: string) => {
      const acks = await store.acknowledgements(
        branch,
        localInstant(from, '00:00', TZ),
        localInstant(to, '24:00', TZ) + 86_400_000,
      );
      return (await tallies.range(branch, from, to, now)).report({
        branch,
        from,
        to,
        timeZone: TZ,
        now,
        acknowledgedBy: acks,
      });
    };
    const median = <T>(runs: { ms: number; value: T }[]) => runs.sort((a, b) => a.ms - b.ms)[runs.length >> 1]!;
    const dropRollups = () => db.exec('DELETE FROM report_rollups');
    const allBranches = async () => {
      const out: Report[] = [];
      for (const b of branches) out.push(await report(b, days[0]!, days.at(-1)!));
      return out;
    };

    // The open day: no rollup, every read tallies the day's visits (as today's report does).
    const live = async (branch: string, day: string) => {
      const acks = await store.acknowledgements(
        branch,
        localInstant(day, '00:00', TZ),
        localInstant(day, '24:00', TZ) + 86_400_000,
      );
      return buildReport(await store.visits(branch, day, day), {
        branch,
        from: day,
        to: day,
        timeZone: TZ,
        now,
        acknowledgedBy: acks,
      });
    };
    await live('busy', '2024-04-01'); // warm the statements and the JIT
    const dayLive = median(await runs(5, () => live('busy', '2024-04-01')));
    log(
      `report bench: one day, ${dayLive.value.arrivals} visits, tallied visit by visit (the open day): ${dayLive.ms.toFixed(1)} ms (median of 5; aim ≤ 50 ms)`,
    );
    await report('busy', '2024-04-01', '2024-04-01'); // builds the day's rollup
    const day = median(await runs(5, () => report('busy', '2024-04-01', '2024-04-01')));
    log(
      `report bench: one day, ${day.value.arrivals} visits, closed (from its rollup): ${day.ms.toFixed(1)} ms (median of 5)`,
    );

    const first = await time(() => report('b01', days[0]!, days.at(-1)!));
    log(
      `report bench: one branch, 90 days, ${first.value.arrivals} visits, first read (builds 90 rollups): ${first.ms.toFixed(0)} ms`,
    );
    const one = median(await runs(5, () => report('b01', days[0]!, days.at(-1)!)));
    log(
      `report bench: one branch, 90 days, ${one.value.arrivals} visits, from rollups: ${one.ms.toFixed(0)} ms (median of 5)`,
    );

    dropRollups();
    const cold = await time(allBranches);
    const visitsOf = (rs: Report[]) => rs.reduce((n, r) => n + r.arrivals, 0);
    log(
      `report bench: 20 branches × 90 days, ${visitsOf(cold.value)} visits, first read (builds 1,800 rollups): ${cold.ms.toFixed(0)} ms`,
    );
    const all = median(await runs(3, allBranches));
    const allVisits = visitsOf(all.value);
    log(
      `report bench: 20 branches × 90 days, ${allVisits} visits, from rollups: ${all.ms.toFixed(0)} ms (median of 3; aim ≤ 2 s)`,
    );
    return {
      dayLiveMs: dayLive.ms,
      dayMs: day.ms,
      dayVisits: day.value.arrivals,
      rangeBranchFirstMs: first.ms,
      rangeBranchMs: one.ms,
      rangeBranchVisits: one.value.arrivals,
      rangeAllFirstMs: cold.ms,
      rangeAllMs: all.ms,
      rangeAllVisits: allVisits,
    };
  } finally {
    await sql.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchReport().catch((e: unknown) => {
    process.stderr.write(`report bench failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
}
