/**
 * `npm run bench`: every benchmark of issue 9 in one run, then one table.
 * BENCH_QUICK=1 shrinks every load for trying the suite out (its figures are not the recorded ones);
 * BENCH_ONLY=alerts,checkin,fanout,recovery,reports,cluster,staffing,notify,national runs a part (cluster: issue 10,
 * PostgreSQL + Redis; staffing: issue 17, in process; notify: issue 18, webhook receivers in process; national: issue 20,
 * the national day — 1,000 halls on three processes behind nginx, a process killed at the morning peak); the same
 * names may be given as arguments instead, `npm run bench -- national` (both parts: the cost against the branch count,
 * then the day; `national-scale` or `national-day` runs one). The national day is not in a run of every
 * suite (it takes a quarter of an hour and the whole machine): name it. BENCH_PROFILE=1 writes the servers' CPU
 * profiles to bench/.profiles/.
 */
import { cpus, totalmem } from 'node:os';
import { alertSuite } from './suites/alerts.ts';
import { checkInSuite } from './suites/checkin.ts';
import { clusterSuite } from './suites/cluster.ts';
import { fanOutSuite } from './suites/fanout.ts';
import { recoverySuite } from './suites/recovery.ts';
import { reportSuite } from './suites/reports.ts';
import { staffingSuite } from './suites/staffing.ts';
import { notifySuite } from './suites/notify.ts';
import { nationalDay } from './suites/national.ts';
import { nationalScale } from './suites/national-scale.ts';
import { renderTable, type Row } from './lib/table.ts';
import { removeScratch } from './lib/halls.ts';

const quick = Boolean(process.env.BENCH_QUICK);
const named = [...(process.env.BENCH_ONLY?.split(',') ?? []), ...process.argv.slice(2)].filter(Boolean);
const only = named.length > 0 ? named : undefined;
const want = (name: string) => !only || only.includes(name);
/** Suites run only when named. */
const asked = (name: string) => only?.includes(name) ?? false;
const say = (s: string) => process.stdout.write(`${s}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  const rows: Row[] = [];
  // Check-in first: its rate sizes the alert suite's set-up.
  let checkInRate = 500;
  if (want('checkin')) {
    say('2. check-in (closed loop; 10/100/1,000 clients are the 1×/10×/100× growth steps)');
    const levels = process.env.BENCH_LEVELS?.split(',').map(Number) ?? (quick ? [10, 100] : [10, 50, 100, 200, 1000]);
    const r = await checkInSuite(
      { levels, runs: quick ? 1 : 3, runMs: Number(process.env.BENCH_RUN_MS ?? (quick ? 1000 : 2000)) },
      say,
    );
    rows.push(...r.rows);
    checkInRate = r.rate;
  }
  if (want('alerts')) {
    say('1. alert lateness');
    const levels = quick ? [100, 1000] : [100, 1000, 10_000];
    const windowMs = Number(process.env.BENCH_ALERT_WINDOW_MS ?? (quick ? 10_000 : 60_000));
    // The 1× and 10× steps get half the window to fit the 10-minute budget: their dues come denser.
    const smallWindowMs = quick ? windowMs : windowMs / 2;
    rows.unshift(...(await alertSuite({ levels, windowMs, smallWindowMs, checkInRate }, say)));
  }
  if (want('fanout')) {
    say('3. fan-out');
    rows.push(...(await fanOutSuite({ clients: quick ? 500 : 2000, runs: 5 }, say)));
  }
  if (want('recovery')) {
    say('4. recovery');
    rows.push(
      ...(await recoverySuite({ sizes: quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000], runs: 3 }, say)),
    );
  }
  let reports = 'not run';
  if (want('reports')) {
    say('5. reports (bench/report.ts)');
    const r = await reportSuite();
    rows.push(...r.rows);
    reports = r.status;
  }

  let cluster: string[] = [];
  if (want('cluster')) {
    say(
      '6. beyond one machine (issue 10): SQLite vs 1/2/3 processes on PostgreSQL + Redis; "floor" = the single SQLite process',
    );
    const r = await clusterSuite(
      {
        processes: [1, 2, 3],
        concurrency: 50,
        runs: quick ? 1 : 3,
        runMs: quick ? 1000 : 2000,
        alertVisits: quick ? 100 : 300,
        alertsPerSecond: 20,
        leases: quick ? [2] : [2, 10],
      },
      say,
    );
    rows.push(...r.rows);
    cluster = r.problems;
  }

  if (want('staffing')) {
    say('7. staffing advice (issue 17; floor: square-root staffing of the same slots)');
    rows.push(...staffingSuite({ branches: 1000, runs: quick ? 3 : 7 }, say));
  }

  let notify: string[] = [];
  if (want('notify')) {
    say(
      '8. notification channels (issue 18): 1,000 breaches in a minute over 50 halls; floor: the configured group wait',
    );
    const r = await notifySuite(
      {
        halls: 50,
        breaches: quick ? 200 : 1000,
        windowMs: quick ? 20_000 : 60_000,
        groupWaitSeconds: 10,
        groupIntervalSeconds: 60,
        drainMs: 300_000,
      },
      say,
    );
    rows.push(...r.rows);
    notify = r.problems;
  }

  const national: string[] = [];
  // `national` is both parts; `national-scale` or `national-day` one of them.
  if (asked('national') || asked('national-scale')) {
    say('9a. the cluster’s fixed costs against the branch count (issue 20): idle halls at 10, 100 and 1,000 branches');
    const counts = process.env.NATIONAL_SCALE_BRANCHES?.split(',').map(Number) ?? (quick ? [10, 100] : [10, 100, 1000]);
    const r = await nationalScale({ branches: counts, quick }, say);
    rows.push(...r.rows);
    national.push(...r.problems);
  }
  if (asked('national') || asked('national-day')) {
    say(
      '9. a national day (issue 20): 1,000 halls, three processes on PostgreSQL + Redis behind nginx, one killed at the peak',
    );
    const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
    const r = await nationalDay(
      {
        branches: env('NATIONAL_BRANCHES', quick ? 100 : 1000),
        visitsPerHall: env('NATIONAL_VISITS', quick ? 20 : 6),
        k: env('NATIONAL_K', 60),
        opensMinute: 8 * 60,
        // Quick: the morning only (its peak, and the kill in it).
        untilMinute: env('NATIONAL_UNTIL_HOUR', quick ? 12 : 18) * 60,
        seed: env('NATIONAL_SEED', 20261130),
        leaseSeconds: env('NATIONAL_LEASE_SECONDS', 10),
        staffChildren: 2,
        screenChildren: 2,
        tabletsEvery: env('NATIONAL_TABLETS_EVERY', 1),
      },
      say,
    );
    rows.push(...r.rows);
    national.push(...r.problems);
  }

  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average at the end ${(
    await import('node:os')
  )
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
  say(
    `\nYingbin benchmarks — ${new Date().toISOString()} — ${machine} — ${((Date.now() - started) / 1000).toFixed(0)} s${quick ? ' — QUICK (not for the record)' : ''}\n`,
  );
  say(renderTable(rows));
  say(`\n5 reports: ${reports}`);
  if (want('cluster'))
    say(
      `6 cluster: ${cluster.length === 0 ? 'every alert exactly once at every client; takeover within lease + ⅓' : `FAILED — ${cluster.join('; ')}`}`,
    );
  if (want('notify'))
    say(
      `8 notify: ${notify.length === 0 ? 'every breach once on every channel it belongs to, ≤ 20 posts a minute, first posts on time' : `FAILED — ${notify.join('; ')}`}`,
    );
  if (asked('national') || asked('national-scale') || asked('national-day'))
    say(
      `9 national: ${national.length === 0 ? 'every alert at its wall once, none at another branch; every visit completed; every failover completed' : `FAILED — ${national.join('; ')}`}`,
    );
  if (cluster.length > 0 || notify.length > 0 || national.length > 0) process.exitCode = 1;
}

process.on('SIGINT', () => {
  removeScratch();
  process.exit(130);
});

main()
  .catch((e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(removeScratch);
