/**
 * 4. Recovery: a restart on a long log — time from starting the process until a client has its first
 * snapshot and the server reports every open visit loaded and every clock planned. The floor: the same
 * start on an empty database (Node, tsx, modules, migrations check): what a restart costs anyway.
 */
import { io } from 'socket.io-client';
import { buildBigLog, type BigLog } from '../fixtures/big-log.ts';
import { hallId, hallsConfig, wallToken, writeSetup } from '../lib/halls.ts';
import { health, startBenchServer } from '../lib/server.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import type { Row } from '../lib/table.ts';
import type { Snapshot } from '../../shared/socket.ts';

export interface RecoveryOptions {
  /** Log sizes (events); open visits are 1 in 100 of them (1×, 10×, 100×). */
  sizes: number[];
  runs: number;
}

const HALLS = 100;

/** One start: spawn → listening → first snapshot + health with every visit and clock. */
async function startOnce(
  setup: { configPath: string; dbPath: string },
  log: BigLog | null,
): Promise<{ listening: number; ready: number }> {
  const server = await startBenchServer(setup, 'recovery');
  try {
    const hall = hallId(0);
    const snapshot = new Promise<Snapshot>((resolve, reject) => {
      const socket = io(server.url, {
        auth: { token: wallToken(hall) },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      socket.once('snapshot', (s) => (socket.close(), resolve(s)));
      socket.once('connect_error', (e) => reject(e));
    });
    const [snap, h] = await Promise.all([snapshot, health(server.url)]);
    const ready = performance.now() - server.spawnedAt;
    const open = log?.openVisits ?? 0;
    if (
      h.openVisits !== open ||
      snap.visits.length !== open / HALLS ||
      h.plannedTimers !== (log?.clockTimers ?? 0) + HALLS
    ) {
      throw new Error(
        `recovery: expected ${open} open visits (${open / HALLS} in the snapshot) and ${(log?.clockTimers ?? 0) + HALLS} timers; ` +
          `health ${JSON.stringify(h)}, snapshot ${snap.visits.length}`,
      );
    }
    return { listening: server.listeningAfterMs, ready };
  } finally {
    await server.stop();
  }
}

export async function recoverySuite(o: RecoveryOptions, say: (s: string) => void): Promise<Row[]> {
  const config = hallsConfig({ halls: HALLS, receptionSeconds: 3600 });
  const empty = writeSetup(config);
  await startOnce(empty, null); // warm the disk cache and tsx's compile cache, unmeasured
  const floorRuns: number[] = [];
  for (let run = 0; run < o.runs; run++) floorRuns.push((await startOnce(empty, null)).ready);
  const floor: Summary = summarize(floorRuns);
  say(`  floor: start on an empty database ${Math.round(floor.median)} ms`);

  const rows: Row[] = [];
  for (const events of o.sizes) {
    const setup = writeSetup(config);
    const log = await buildBigLog(setup.dbPath, config, { events, openVisits: events / 100 });
    say(
      `  ${events.toLocaleString('en-US')} events, ${log.openVisits.toLocaleString('en-US')} open visits: built in ${(log.buildMs / 1000).toFixed(1)} s`,
    );
    const ready: number[] = [];
    for (let run = 0; run < o.runs; run++) {
      const r = await startOnce(setup, log);
      say(
        `    run ${run + 1}: listening after ${Math.round(r.listening)} ms, first full snapshot after ${Math.round(r.ready)} ms`,
      );
      ready.push(r.ready);
    }
    const value = summarize(ready);
    rows.push({
      section: '4 recovery',
      figure: `${events.toLocaleString('en-US')} events, ${log.openVisits.toLocaleString('en-US')} open: start → snapshot`,
      unit: 'ms',
      value,
      aim: { text: '≤ 2,000', met: value.median <= 2000 },
      floor: {
        value: floor,
        ratio: `${value.median >= floor.median ? '+' : '−'}${Math.abs(Math.round(value.median - floor.median))} ms`,
      },
    });
  }
  return rows;
}
