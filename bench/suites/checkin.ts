/**
 * 2. Check-in: durable check-ins over HTTP from N concurrent kiosks (closed loop), replies/s and p99
 * latency; the floor is bare better-sqlite3 doing the same rows with the same durability.
 */
import { startChild } from '../lib/child.ts';
import { hallId, hallsConfig, kioskToken, writeSetup } from '../lib/halls.ts';
import { cpuMs, startBenchServer } from '../lib/server.ts';
import { distribution, summarize, type Summary } from '../lib/stats.ts';
import type { Row } from '../lib/table.ts';
import { durableInsertsPerSecond, sampleRows } from '../floors/durable-insert.ts';

export interface CheckInOptions {
  /** Concurrent clients per level; 10/100/1000 are the 1×/10×/100× growth steps. */
  levels: number[];
  runs: number;
  runMs: number;
}

export interface CheckInResult {
  rows: Row[];
  /** The best level's median replies/s, so the alert suite can size its set-up. */
  rate: number;
}

const HALLS = 100;
const pct = (x: number) => `${Math.round(100 * x)} %`;

export async function checkInSuite(o: CheckInOptions, say: (s: string) => void): Promise<CheckInResult> {
  const setup = writeSetup(hallsConfig({ halls: HALLS, receptionSeconds: 3600 }));
  const server = await startBenchServer(setup, 'checkin');
  const load = startChild('clients/http-load.ts');
  const targets = Array.from({ length: HALLS }, (_, i) => ({ branch: hallId(i), token: kioskToken(hallId(i)) }));
  const perLevel = new Map<number, { rate: number[]; p99: number[] }>();
  try {
    // Warm up the server's JIT and the connection pool once, unmeasured.
    await load.request({ type: 'run', url: server.url, concurrency: 50, durationMs: 1000, targets });
    for (const concurrency of o.levels) {
      const m = { rate: [] as number[], p99: [] as number[] };
      for (let run = 0; run < o.runs; run++) {
        const cpu0 = cpuMs(server.pid);
        const r = await load.request<{
          replies: number;
          elapsedMs: number;
          latencies: number[];
          errors: Record<string, number>;
          sample: string;
          cpuShare: number;
        }>({
          type: 'run',
          url: server.url,
          concurrency,
          durationMs: o.runMs,
          targets,
        });
        if (Object.keys(r.errors).length > 0)
          throw new Error(`check-ins failed at ${concurrency} clients: ${JSON.stringify(r.errors)} ${r.sample}`);
        const serverCpu = (cpuMs(server.pid) - cpu0) / r.elapsedMs;
        const d = distribution(r.latencies);
        m.rate.push(r.replies / (r.elapsedMs / 1000));
        m.p99.push(d.p99);
        say(
          `  check-in ${concurrency} clients, run ${run + 1}: ${Math.round(r.replies / (r.elapsedMs / 1000))}/s, p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms; CPU: server ${pct(serverCpu)}, load generator ${pct(r.cpuShare)} of a core`,
        );
      }
      perLevel.set(concurrency, m);
    }
  } finally {
    await load.close();
    await server.stop();
  }

  // The floor, in the same run, with nothing else running: the rows this very run wrote.
  const rows = sampleRows(setup.dbPath);
  const floorRuns: number[] = [];
  for (let run = 0; run < o.runs; run++) floorRuns.push(durableInsertsPerSecond(rows, o.runMs));
  const floor: Summary = summarize(floorRuns);
  say(`  floor: bare durable inserts ${Math.round(floor.median)}/s`);

  const out: Row[] = [];
  for (const [concurrency, m] of perLevel) {
    const rate = summarize(m.rate);
    const p99 = summarize(m.p99);
    out.push({
      section: '2 check-in',
      figure: `${concurrency} clients: replies/s`,
      unit: '/s',
      value: rate,
      aim: { text: '≥ 2,000 and ≥ 40 % of floor', met: rate.median >= 2000 && rate.median >= 0.4 * floor.median },
      floor: { value: floor, ratio: `${Math.round((100 * rate.median) / floor.median)} %` },
    });
    out.push({
      section: '2 check-in',
      figure: `${concurrency} clients: p99 latency`,
      unit: 'ms',
      value: p99,
      aim: { text: '≤ 50', met: p99.median <= 50 },
    });
  }
  return { rows: out, rate: Math.max(...[...perLevel.values()].map((m) => summarize(m.rate).median)) };
}
