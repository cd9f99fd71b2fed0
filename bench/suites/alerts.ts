/**
 * 1. Alert lateness: N open visits whose clocks fall due spread evenly over a window, 500 live clients
 * (100 halls × 4 staff tablets + 1 wall); "received at the client − due instant" for every alert at
 * every client. The floor: a bare setTimeout + Socket.IO broadcast of the same size, same clients.
 * The window is cut into thirds; each third is one run (median, min, max over the runs).
 */
import { Crowd, pairs } from '../lib/crowd.ts';
import { startChild } from '../lib/child.ts';
import { greeter, hallId, hallsConfig, kioskToken, wallToken, writeSetup } from '../lib/halls.ts';
import { login, startBenchServer, health } from '../lib/server.ts';
import { distribution, summarize, type Distribution } from '../lib/stats.ts';
import type { Row } from '../lib/table.ts';

export interface AlertOptions {
  /** Open visits per level (1×, 10×, 100×); the floor runs at the largest. */
  levels: number[];
  /** Window of the largest level (and of the floor), and of the smaller ones. */
  windowMs: number;
  smallWindowMs: number;
  /** Check-ins per second the server sustained (from the check-in suite), to size the set-up time. */
  checkInRate: number;
}

const HALLS = 100;
const STAFF_TABLETS = 4; // per hall, sharing one greeter's session; plus one wall display
const RUNS = 3;
/** Long enough that every clock, started in the past, falls due inside the window. */
const TARGET_SECONDS = 600;

interface LevelResult {
  runs: Distribution[];
  received: number;
  expected: number;
  setupMs: number;
  dueDuringSetup: number;
}

/** Cuts the window into RUNS thirds by due instant and takes the distribution of each. */
function byRun(flat: number[], windowStart: number, windowMs: number): Distribution[] {
  const runs: number[][] = Array.from({ length: RUNS }, () => []);
  for (const { ref, latency } of pairs(flat)) {
    const i = Math.min(RUNS - 1, Math.max(0, Math.floor(((ref - windowStart) / windowMs) * RUNS)));
    runs[i]!.push(latency);
  }
  return runs.map((r) => distribution(r));
}

async function yingbinLevel(visits: number, windowMs: number, o: AlertOptions): Promise<LevelResult> {
  const setup = writeSetup(hallsConfig({ halls: HALLS, receptionSeconds: TARGET_SECONDS, warnAt: [] }));
  const server = await startBenchServer(setup, `alerts-${visits}`);
  const load = startChild('clients/http-load.ts');
  let crowd: Crowd | undefined;
  try {
    const halls = Array.from({ length: HALLS }, (_, i) => hallId(i));
    const sessions = await Promise.all(halls.map((h) => login(server.url, greeter(h).staffId, greeter(h).pin)));
    const tokens = halls.flatMap((h, i) => [...Array<string>(STAFF_TABLETS).fill(sessions[i]!), wallToken(h)]);
    crowd = await Crowd.connect(server.url, tokens);

    // Every visit checked in "earlier" (occurredAt, as a replaying kiosk would), so its breach falls due
    // at its slot in the window; the window opens once the set-up is expected to be done.
    const before = await health(server.url); // close-of-day tasks are timers too
    // Set-up runs slower than the check-in suite's best (every check-in is also pushed to 5 clients).
    const leadMs = 3000 + (2 * 1000 * visits) / Math.max(100, o.checkInRate);
    const windowStart = Date.now() + leadMs;
    const items = Array.from({ length: visits }, (_, i) => {
      const hall = halls[i % HALLS]!;
      const due = windowStart + Math.floor((i * windowMs) / visits);
      return {
        branch: hall,
        token: kioskToken(hall),
        body: { line: 'property', occurredAt: new Date(due - TARGET_SECONDS * 1000).toISOString() },
      };
    });
    const sent = await load.request<{ ok: number; failed: number; firstError: string; elapsedMs: number }>({
      type: 'send',
      url: server.url,
      concurrency: 200,
      items,
    });
    if (sent.failed > 0) throw new Error(`set-up check-ins failed: ${sent.failed} (${sent.firstError})`);
    const h = await health(server.url);
    // Every visit open; every clock planned, or already fired if the set-up ran into the window.
    if (h.openVisits !== visits)
      throw new Error(`set-up: health says ${JSON.stringify(h)}, before ${JSON.stringify(before)}`);
    const setupDone = Date.now();
    // Keep alerts that came during the set-up (had it overrun the lead); drop the set-up's visit pushes.
    const early = (await crowd.collect()).alerts;

    await new Promise((r) => setTimeout(r, Math.max(0, windowStart + windowMs - Date.now()) + 2000));
    const alerts = [...early, ...(await crowd.collect()).alerts];
    const runs = byRun(alerts, windowStart, windowMs);
    const dueDuringSetup = pairs(alerts).filter((p) => p.ref < setupDone).length;
    return {
      runs,
      received: alerts.length / 2,
      expected: (visits * tokens.length) / HALLS,
      setupMs: sent.elapsedMs,
      dueDuringSetup,
    };
  } finally {
    await crowd?.close();
    await load.close();
    await server.stop();
  }
}

async function floorLevel(visits: number, o: AlertOptions): Promise<LevelResult> {
  const floor = startChild('floors/alert-floor.ts');
  let crowd: Crowd | undefined;
  try {
    const { url } = await floor.request<{ url: string }>({ type: 'listen' });
    const halls = Array.from({ length: HALLS }, (_, i) => hallId(i));
    const tokens = halls.flatMap((h) => Array<string>(STAFF_TABLETS + 1).fill(h));
    crowd = await Crowd.connect(url, tokens);
    const windowStart = Date.now() + 2000;
    const plan = Array.from({ length: visits }, (_, i) => ({
      room: halls[i % HALLS]!,
      dueAt: windowStart + Math.floor((i * o.windowMs) / visits),
    }));
    await floor.request({ type: 'plan', plan });
    await new Promise((r) => setTimeout(r, Math.max(0, windowStart + o.windowMs - Date.now()) + 2000));
    const got = await crowd.collect();
    return {
      runs: byRun(got.alerts, windowStart, o.windowMs),
      received: got.alerts.length / 2,
      expected: (visits * tokens.length) / HALLS,
      setupMs: 0,
      dueDuringSetup: 0,
    };
  } finally {
    await crowd?.close();
    await floor.close();
  }
}

const show = (d: Distribution) => `p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms (${d.n} receipts)`;

export async function alertSuite(o: AlertOptions, say: (s: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  const top = Math.max(...o.levels);
  say(`  floor: ${top} bare timers + broadcasts over ${o.windowMs / 1000} s`);
  const floor = await floorLevel(top, o);
  floor.runs.forEach((d, i) => say(`    run ${i + 1}: ${show(d)}`));
  const floorP99 = summarize(floor.runs.map((d) => d.p99));
  for (const visits of o.levels) {
    const windowMs = visits === top ? o.windowMs : o.smallWindowMs;
    say(`  ${visits} open visits, due over ${windowMs / 1000} s, 500 clients`);
    const r = await yingbinLevel(visits, windowMs, o);
    say(
      `    set-up: ${visits} check-ins in ${(r.setupMs / 1000).toFixed(1)} s; ${r.received}/${r.expected} alerts received; ${r.dueDuringSetup} fell due during set-up`,
    );
    r.runs.forEach((d, i) => say(`    run ${i + 1}: ${show(d)}`));
    if (r.received < r.expected) throw new Error(`alerts lost: ${r.received} of ${r.expected} received`);
    const p99 = summarize(r.runs.map((d) => d.p99));
    const isTop = visits === top;
    const label = `${visits} visits/${windowMs / 1000} s`;
    rows.push({
      section: '1 alert lateness',
      figure: `${label}: p50`,
      unit: 'ms',
      value: summarize(r.runs.map((d) => d.p50)),
    });
    rows.push({
      section: '1 alert lateness',
      figure: `${label}: p99`,
      unit: 'ms',
      value: p99,
      aim: {
        text: isTop ? '≤ 20 and ≤ 2× floor' : '≤ 20',
        met: p99.median <= 20 && (!isTop || p99.median <= 2 * Math.max(1, floorP99.median)),
      },
      ...(isTop
        ? { floor: { value: floorP99, ratio: `${(p99.median / Math.max(1, floorP99.median)).toFixed(1)}×` } }
        : {}),
    });
    rows.push({
      section: '1 alert lateness',
      figure: `${label}: max`,
      unit: 'ms',
      value: summarize(r.runs.map((d) => d.max)),
    });
  }
  return rows;
}
