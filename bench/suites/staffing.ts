/**
 * 7. Staffing (issue 17): the advice for one branch and day — forecast from 35 days of history, handle-time
 * and patience estimates from that history's greetings and waits, Erlang C and Erlang A for every 15-minute
 * slot of a 24-hour day — aimed at ≤ 50 ms; and the forecast and advice for 1,000 branches' days (their
 * estimates already made, as a route would keep them) at ≤ 2 s. History follows the Anonymous Bank's
 * arrival curve (server/demo/arrival-curve.json), scaled per branch. In process: the pure core is what is
 * measured, not the store.
 * The floor: the same slots sized by the square-root staffing rule N = ⌈a + 2√a⌉ (Borst, Mandelbaum &
 * Reiman 2004) — reading the history and one formula per slot, no Erlang search.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { advise, type AdviceInput } from '../../shared/staffing/advice.ts';
import { estimateHandles, estimatePatienceSeconds, type Greeting, type Wait } from '../../shared/staffing/estimate.ts';
import { forecastDay } from '../../shared/staffing/forecast.ts';
import { addDays, daySlots } from '../../shared/staffing/slots.ts';
import { summarize } from '../lib/stats.ts';
import type { Row } from '../lib/table.ts';

const CURVE = fileURLToPath(new URL('../../server/demo/arrival-curve.json', import.meta.url));
const DAY = '2026-03-02';
const HOURS = { opens: '00:00', closes: '24:00', timeZone: 'Asia/Shanghai' };
const SLOT_MINUTES = 15;
const HISTORY_DAYS = 35;

interface BranchData {
  arrivals: Map<string, number[]>;
  vipArrivals: Map<string, number[]>;
  greetings: Greeting[];
  waits: Wait[];
}

/** A seeded generator, so every run measures the same branches. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function branchData(scale: number, seed: number, people: boolean): BranchData {
  const curve = JSON.parse(readFileSync(CURVE, 'utf8')) as { hours: { arrivalsPerDay: number; vipShare: number }[] };
  const rnd = random(seed);
  const out: BranchData = { arrivals: new Map(), vipArrivals: new Map(), greetings: [], waits: [] };
  const slots = daySlots(DAY, HOURS, SLOT_MINUTES).length;
  for (let d = 1; d <= HISTORY_DAYS; d++) {
    const day = addDays(DAY, -d);
    const counts = new Array<number>(slots).fill(0);
    const vip = new Array<number>(slots).fill(0);
    for (let s = 0; s < slots; s++) {
      const hour = curve.hours[Math.floor((s * SLOT_MINUTES) / 60)]!;
      const mean = ((hour.arrivalsPerDay * scale) / 4) * (0.8 + 0.4 * rnd());
      counts[s] = Math.round(mean);
      vip[s] = Math.round(mean * hour.vipShare);
      if (!people) continue;
      const start = Date.parse(`${day}T00:00:00+08:00`) + s * SLOT_MINUTES * 60_000;
      for (let k = 0; k < counts[s]!; k++) {
        const at = start + Math.floor(rnd() * SLOT_MINUTES * 60_000);
        const gone = rnd() < 0.05;
        out.waits.push({ start: at, stop: gone ? null : at + 60_000, end: at + 600_000, left: gone });
        if (!gone) out.greetings.push({ by: `s${k % 6}`, at: at + 60_000, vip: k < vip[s]! });
      }
    }
    out.arrivals.set(day, counts);
    out.vipArrivals.set(day, vip);
  }
  return out;
}

function adviceInput(
  b: BranchData,
  handle: { greeters: number; vipHosts: number },
  patience: number | null,
): AdviceInput {
  const slots = daySlots(DAY, HOURS, SLOT_MINUTES);
  const arrivals = forecastDay(b.arrivals, DAY, slots.length)!;
  const vipArrivals = forecastDay(b.vipArrivals, DAY, slots.length)!;
  return {
    branch: 'b',
    date: DAY,
    timeZone: HOURS.timeZone,
    objective: 0.99,
    slotMinutes: SLOT_MINUTES,
    slots: slots.map((s, i) => ({ ...s, arrivals: arrivals[i]!, vipArrivals: vipArrivals[i]! })),
    targetSeconds: { greeters: 300, vipHosts: 180 },
    handleSeconds: handle,
    patienceSeconds: { greeters: patience, vipHosts: patience },
  };
}

/** One branch-day, everything from history. */
function fullAdvice(b: BranchData): number {
  const estimated = estimateHandles(b.greetings);
  const handle = { greeters: estimated.greeters?.seconds ?? 120, vipHosts: estimated.vipHosts?.seconds ?? 300 };
  const patience = estimatePatienceSeconds(b.waits)?.seconds ?? null;
  return advise(adviceInput(b, handle, patience)).slots.length;
}

/** The floor: the forecast read, then square-root staffing per slot. */
function floorAdvice(b: BranchData): number {
  const slots = daySlots(DAY, HOURS, SLOT_MINUTES);
  const arrivals = forecastDay(b.arrivals, DAY, slots.length)!;
  let total = 0;
  for (const x of arrivals) {
    const a = (x / (SLOT_MINUTES * 60)) * 120;
    total += a > 0 ? Math.ceil(a + 2 * Math.sqrt(a)) : 0;
  }
  return total;
}

/** CPU time (user + system) this process spent in the measured runs, ms: beside the wall clock, it tells a
 * loaded machine (other work taking the cores) from slow code. */
let cpuMs = 0;
const time = (fn: () => void): number => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpuMs = (c.user + c.system) / 1000;
  return wall;
};
const withCpu = (runs: number, fn: () => void) => {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    wall.push(time(fn));
    cpu.push(cpuMs);
  }
  return { wall: summarize(wall), cpu: summarize(cpu) };
};

export function staffingSuite(o: { branches: number; runs: number }, say: (s: string) => void): Row[] {
  // The busiest hall: the bank's own volume (about 1,200 a day).
  const busy = branchData(1, 1, true);
  fullAdvice(busy); // warm the JIT as a running server would be
  const oneRun = withCpu(o.runs, () => fullAdvice(busy));
  const oneFloorRun = withCpu(o.runs, () => floorAdvice(busy));
  const [one, oneFloor] = [oneRun.wall, oneFloorRun.wall];
  say(
    `  one branch-day (${busy.greetings.length.toLocaleString('en-US')} greetings of history): ${one.median.toFixed(1)} ms, CPU ${oneRun.cpu.median.toFixed(1)} ms (floor ${oneFloor.median.toFixed(2)} ms, CPU ${oneFloorRun.cpu.median.toFixed(2)} ms)`,
  );

  // Many halls of different sizes, their estimates made once (as a route would cache them per day).
  const many = Array.from({ length: o.branches }, (_, i) => branchData(0.1 + (i % 20) / 10, i + 2, false));
  const estimates = many.map((_, i) => ({
    handle: { greeters: 100 + (i % 7) * 20, vipHosts: 240 },
    patience: 400 + (i % 5) * 100,
  }));
  const allRun = withCpu(o.runs, () =>
    many.forEach((b, i) => advise(adviceInput(b, estimates[i]!.handle, estimates[i]!.patience))),
  );
  const allFloorRun = withCpu(o.runs, () => many.forEach((b) => floorAdvice(b)));
  const [all, allFloor] = [allRun.wall, allFloorRun.wall];
  say(
    `  ${o.branches.toLocaleString('en-US')} branches' days: ${all.median.toFixed(0)} ms, CPU ${allRun.cpu.median.toFixed(0)} ms (floor ${allFloor.median.toFixed(0)} ms, CPU ${allFloorRun.cpu.median.toFixed(0)} ms)`,
  );

  const ratio = (v: number, f: number) => `×${(v / f).toFixed(1)}`;
  return [
    {
      section: '7 staffing',
      figure: 'advice, one branch-day (forecast, estimates, Erlang C + A)',
      unit: 'ms',
      value: one,
      aim: { text: '≤ 50', met: one.median <= 50 },
      floor: { value: oneFloor, ratio: ratio(one.median, oneFloor.median) },
    },
    {
      section: '7 staffing',
      figure: `advice, ${o.branches.toLocaleString('en-US')} branches' days`,
      unit: 'ms',
      value: all,
      aim: { text: '≤ 2,000', met: all.median <= 2000 },
      floor: { value: allFloor, ratio: ratio(all.median, allFloor.median) },
    },
  ];
}
