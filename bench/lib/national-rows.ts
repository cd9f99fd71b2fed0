/**
 * The national day's rows for the one table, each with the bound BENCHMARKS.md "A national day" argues:
 * where a row has several processes, its median, min and max are over the three process slots (the killed
 * process and its restart are one slot).
 */
import type { NationalOptions } from '../suites/national.ts';
import type { Delivery } from './national-figures.ts';
import type { Watched } from './national-watch.ts';
import { summarize, type Distribution } from './stats.ts';
import { formatNumber as fmt, type Row } from './table.ts';

const SECTION = '9 national day';
const one = (x: number) => summarize([x]);

export interface DayFigures {
  o: NationalOptions;
  visits: number;
  d: Delivery;
  checkIn: Distribution;
  checkInKill: Distribution;
  processes: Watched[];
  cpuAtStart: number[];
  dayRealMs: number;
  takeoverMs: number;
  firstLateMs: number;
  startupMs: number;
}

/** CPU ms each slot used during the day: slot 2 is the killed process until the kill plus its restart. */
function slotCpu(f: DayFigures): number[] {
  const used = f.processes.map((w, i) => w.cpuLast - (f.cpuAtStart[i] ?? w.cpuFirst));
  return [used[0]!, used[1]! + (used[3] ?? 0), used[2]!];
}

export function nationalRows(f: DayFigures): Row[] {
  const { o, d } = f;
  const lease = o.leaseSeconds * 1000;
  const takeoverBound = (lease * 4) / 3 + 500;
  const cpu = slotCpu(f);
  const perSlotVisits = f.visits / 3 / 1000;
  const branchHoursPerSlot = ((o.branches / 3) * f.dayRealMs) / 3_600_000;
  const rss = f.processes.map((w) => w.peakRss / 2 ** 20);
  const zero = (figure: string, n: number): Row => ({
    section: SECTION,
    figure,
    unit: '',
    value: one(n),
    aim: { text: '= 0', met: n === 0 },
  });
  return [
    {
      section: SECTION,
      figure: `alert lateness at the wall p50 (${d.lateness.n} outside the kill window)`,
      unit: 'ms',
      value: one(d.lateness.p50),
      aim: { text: '≤ 50', met: d.lateness.p50 <= 50 },
    },
    {
      section: SECTION,
      figure: 'alert lateness at the wall p99',
      unit: 'ms',
      value: one(d.lateness.p99),
      aim: { text: '≤ 250', met: d.lateness.p99 <= 250 },
    },
    {
      section: SECTION,
      figure: 'alert lateness at the wall max',
      unit: 'ms',
      value: one(d.lateness.max),
      aim: { text: '≤ 1,000', met: d.lateness.max <= 1000 },
    },
    {
      section: SECTION,
      figure: `kill window: alert lateness p50 / max (${d.killWindow.n} due kill → held + 2 s)`,
      unit: 'ms',
      value: summarize([d.killWindow.p50, d.killWindow.max]),
      aim: { text: `max ≤ ${fmt(takeoverBound + 2000)}`, met: !(d.killWindow.max > takeoverBound + 2000) },
    },
    zero(`alerts missing at the walls (of ${d.expected} called for)`, d.missing),
    zero('alerts doubled at the walls', d.doubled),
    zero("alerts or visits at another branch's screen", d.wrongBranch),
    {
      section: SECTION,
      figure: `check-in p99 through nginx (${f.checkIn.n}; kill window apart: ${fmt(f.checkInKill.p99)} ms)`,
      unit: 'ms',
      value: one(f.checkIn.p99),
      aim: { text: '≤ 100', met: f.checkIn.p99 <= 100 },
    },
    {
      section: SECTION,
      figure: 'CPU per 1,000 visits, per process (its third of the visits)',
      unit: 'ms',
      value: summarize(cpu.map((c) => c / perSlotVisits)),
    },
    {
      section: SECTION,
      figure: 'CPU per branch-hour of run time, per process (its third of the branches)',
      unit: 'ms',
      value: summarize(cpu.map((c) => c / branchHoursPerSlot)),
    },
    {
      section: SECTION,
      figure: 'memory (RSS) per process at its peak',
      unit: 'MiB',
      value: summarize(rss),
      aim: { text: '≤ 1,024', met: Math.max(...rss) <= 1024 },
    },
    {
      section: SECTION,
      figure: `failover: kill → survivors hold its branches (lease ${o.leaseSeconds} s)`,
      unit: 'ms',
      value: one(f.takeoverMs),
      aim: { text: `≤ ${fmt(takeoverBound)}`, met: f.takeoverMs <= takeoverBound },
    },
    {
      section: SECTION,
      figure: 'failover: kill → first late alert at a wall',
      unit: 'ms',
      value: one(f.firstLateMs),
    },
    {
      section: SECTION,
      figure: 'three processes: spawn → listening',
      unit: 'ms',
      value: one(f.startupMs),
    },
  ];
}
