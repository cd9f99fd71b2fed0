/**
 * A national day (issue 20 item 2): the cluster's fixed costs against the number of branches. At each
 * branch count (10, 100, 1,000 idle halls) three processes on one throwaway PostgreSQL + Redis, a fresh
 * database per count: start-up, the idle lease rounds' CPU and statements, memory per branch and per
 * connected screen — empty, then with open visits present — and failover (bench/lib/scale-level.ts).
 *
 * Read the ratios between counts: a cost that follows the branches grows ~10× a step, one that follows
 * the work stays flat. Figures only; the one problem flagged is a failover that does not complete (or
 * that loses or doubles an alert).
 */
import { startEngines } from '../../tests/support/cluster.ts';
import { measureLevel, type Level } from '../lib/scale-level.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import { renderTable, type Row } from '../lib/table.ts';
import { loadavg } from 'node:os';

const SECTION = 'national scale';
/** The default lease: the cost of its rounds is what is measured. */
const LEASE_SECONDS = 10;

const one = (x: number): Summary => summarize([x]);

interface Figure {
  label: string;
  unit: string;
  value(l: Level): Summary;
}

function figures(): Figure[] {
  const f = (label: string, unit: string, value: (l: Level) => number | number[]): Figure => ({
    label,
    unit,
    value: (l) => {
      const v = value(l);
      return Array.isArray(v) ? summarize(v) : one(v);
    },
  });
  return [
    f('start-up, first process alone (spawn → health)', 'ms', (l) => l.empty.first.ms),
    f('start-up, first process alone (yingbin_startup_seconds)', 's', (l) => l.empty.first.metricS),
    f('start-up, third joining two (spawn → health)', 'ms', (l) => l.empty.third.ms),
    f('start-up, third joining two (yingbin_startup_seconds)', 's', (l) => l.empty.third.metricS),
    f('third joined → branches shared out', 'ms', (l) => l.empty.settledMs),
    f('idle: CPU per process', 'ms/min', (l) => l.empty.minute.cpuPerProcess),
    f('idle: PostgreSQL CPU', 'ms/min', (l) => l.empty.minute.pgCpu),
    f('idle: statements (pg_stat_statements)', '/min', (l) => l.empty.minute.pg.statements),
    f('idle: transactions', '/min', (l) => l.empty.minute.pg.xacts),
    f('idle: rows read', '/min', (l) => l.empty.minute.pg.rowsRead),
    f('idle: lease round (yingbin_lease_round_seconds)', 'ms', (l) => l.empty.minute.leaseRoundMs),
    f('idle: RSS per process', 'MiB', (l) => l.empty.rssMB),
    f('idle: followed branches per process (yingbin_followed_branches)', '', (l) => l.empty.followed),
    f('memory per connected screen', 'KiB', (l) => l.empty.perScreenKB),
    f('with open visits: open visits held in memory per process', '', (l) => l.work.held),
    f('with open visits: start-up, first alone (spawn → health)', 'ms', (l) => l.work.first.ms),
    f('with open visits: start-up, first alone (yingbin_startup_seconds)', 's', (l) => l.work.first.metricS),
    f('with open visits: start-up, third joining two', 'ms', (l) => l.work.third.ms),
    f('with open visits: start-up, third (yingbin_startup_seconds)', 's', (l) => l.work.third.metricS),
    f('with open visits: idle CPU per process', 'ms/min', (l) => l.work.minute.cpuPerProcess),
    f('with open visits: PostgreSQL CPU', 'ms/min', (l) => l.work.minute.pgCpu),
    f('with open visits: statements', '/min', (l) => l.work.minute.pg.statements),
    f('with open visits: rows read', '/min', (l) => l.work.minute.pg.rowsRead),
    f('with open visits: lease round', 'ms', (l) => l.work.minute.leaseRoundMs),
    f('with open visits: RSS per process', 'MiB', (l) => l.work.rssMB),
    f('with open visits: followed branches per process', '', (l) => l.work.followed),
    f("failover: the killed process's branches", '', (l) => l.failover.branches),
    f('failover: kill → all its branches held by survivors', 'ms', (l) => l.failover.allHeldMs),
    f('failover: kill → short-target hall held', 'ms', (l) => l.failover.hallHeldMs),
    f("failover: kill → first late alert at a survivor's wall", 'ms', (l) => l.failover.firstLateMs),
    f('failover: alerts duplicated + missing', '', (l) => l.failover.duplicates + l.failover.missing),
  ];
}

/** Memory per branch: the slope of median RSS between two counts, KiB a branch. */
function slope(a: Level, b: Level, pick: (l: Level) => number[]): number {
  return ((summarize(pick(b)).median - summarize(pick(a)).median) * 1024) / (b.branches - a.branches);
}

export async function nationalScale(
  opts: { branches: number[]; quick: boolean },
  say: (s: string) => void,
): Promise<{ rows: Row[]; problems: string[] }> {
  const rows: Row[] = [];
  const problems: string[] = [];
  const levels: Level[] = [];
  const started = Date.now();
  // pg_stat_statements counts each statement the processes send (the throwaway engine only).
  const engines = await startEngines({
    postgres: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' },
  });
  try {
    for (const n of opts.branches) {
      say(
        `  load average before ${n} branches: ${loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')}`,
      );
      let level: Level;
      try {
        level = await measureLevel(engines, n, { quick: opts.quick, leaseSeconds: LEASE_SECONDS }, say);
      } catch (e) {
        problems.push(`${n} branches: ${(e as Error).message.split('\n')[0]}`);
        say(`  ${n} branches FAILED: ${(e as Error).stack ?? String(e)}`);
        continue;
      }
      levels.push(level);
      const own = figures().map((f): Row => ({
        section: SECTION,
        figure: `${n} branches: ${f.label}`,
        unit: f.unit,
        value: f.value(level),
      }));
      say(renderTable(own));
      rows.push(...own);
      const fo = level.failover;
      if (fo.branches === 0)
        problems.push(`${n} branches: failover never tried: no process held the short-target hall`);
      else if (!Number.isFinite(fo.allHeldMs))
        problems.push(
          `${n} branches: failover never completed (the survivors did not take all ${fo.branches} branches)`,
        );
      else if (!Number.isFinite(fo.firstLateMs))
        problems.push(`${n} branches: no late alert reached a survivor's wall`);
      if (fo.duplicates + fo.missing > 0)
        problems.push(`${n} branches: failover gave ${fo.duplicates} duplicate and ${fo.missing} missing alerts`);
    }
    rows.push(...ratios(levels));
    say(renderTable(rows.filter((r) => r.unit === '×' || r.figure.includes('per branch'))));
  } finally {
    await engines.stop();
  }
  say(`  national scale: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { rows, problems };
}

/** Each figure at one count over the previous (~10× a step when it follows branches), and memory's slopes. */
function ratios(levels: Level[]): Row[] {
  const out: Row[] = [];
  for (let i = 1; i < levels.length; i++) {
    const a = levels[i - 1]!;
    const b = levels[i]!;
    const step = `${b.branches}/${a.branches}`;
    for (const f of figures()) {
      const r = f.value(b).median / f.value(a).median;
      if (Number.isFinite(r)) out.push({ section: SECTION, figure: `${f.label}: ${step}`, unit: '×', value: one(r) });
    }
    out.push({
      section: SECTION,
      figure: `idle RSS per branch, ${a.branches} → ${b.branches}`,
      unit: 'KiB',
      value: one(slope(a, b, (l) => l.empty.rssMB)),
    });
    out.push({
      section: SECTION,
      figure: `RSS with open visits per branch, ${a.branches} → ${b.branches}`,
      unit: 'KiB',
      value: one(slope(a, b, (l) => l.work.rssMB)),
    });
  }
  return out;
}
