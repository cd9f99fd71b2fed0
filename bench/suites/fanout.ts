/**
 * 3. Fan-out: one change (a check-in) pushed to 2,000 live clients of one hall; delivery is "received at
 * the client − the instant the server took the check-in" (the visit's arrivedAt), so it includes the
 * durable commit. Memory: the server's resident memory with the clients connected, less before.
 */
import { Crowd, pairs } from '../lib/crowd.ts';
import { startChild } from '../lib/child.ts';
import { greeter, hallId, hallsConfig, kioskToken, wallToken, writeSetup } from '../lib/halls.ts';
import { login, startBenchServer } from '../lib/server.ts';
import { distribution, summarize, type Summary } from '../lib/stats.ts';
import type { Row } from '../lib/table.ts';

export interface FanOutOptions {
  clients: number;
  runs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function fanOutSuite(o: FanOutOptions, say: (s: string) => void): Promise<Row[]> {
  const hall = hallId(0);
  const server = await startBenchServer(writeSetup(hallsConfig({ halls: 1, receptionSeconds: 3600 })), 'fanout');
  let crowd: Crowd | undefined;
  try {
    const checkIn = () =>
      fetch(`${server.url}/api/v1/branches/${hall}/visits`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${kioskToken(hall)}` },
        body: JSON.stringify({ line: 'life' }),
      }).then((r) => (r.status === 201 ? r.json() : Promise.reject(new Error(`check-in: ${r.status}`))));
    const session = await login(server.url, greeter(hall).staffId, greeter(hall).pin);
    await checkIn(); // warm the path once
    await sleep(1000);
    const rssBefore = server.rssBytes();
    // Four staff tablets to one wall display, as in a hall.
    const tokens = Array.from({ length: o.clients }, (_, i) => (i % 5 === 4 ? wallToken(hall) : session));
    const started = Date.now();
    crowd = await Crowd.connect(server.url, tokens);
    say(`  ${o.clients} clients connected in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await sleep(2000);
    const perClient = (server.rssBytes() - rssBefore) / o.clients;
    await crowd.collect();

    const p99: number[] = [];
    const p50: number[] = [];
    const max: number[] = [];
    for (let run = 0; run < o.runs; run++) {
      await checkIn();
      await sleep(1500);
      const got = await crowd.collect();
      const d = distribution(pairs(got.visits).map((p) => p.latency));
      if (d.n !== o.clients) throw new Error(`fan-out run ${run + 1}: ${d.n} of ${o.clients} clients got the change`);
      say(`  run ${run + 1}: p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms`);
      p99.push(d.p99);
      p50.push(d.p50);
      max.push(d.max);
    }
    await crowd.close();
    crowd = undefined;
    const floor = await floorRuns(o, say);
    const p99s = summarize(p99);
    return [
      { section: '3 fan-out', figure: `${o.clients} clients: p50 delivery`, unit: 'ms', value: summarize(p50) },
      {
        section: '3 fan-out',
        figure: `${o.clients} clients: p99 delivery`,
        unit: 'ms',
        value: p99s,
        aim: { text: '≤ 200', met: p99s.median <= 200 },
        floor: { value: floor, ratio: `${(p99s.median / Math.max(1, floor.median)).toFixed(1)}×` },
      },
      { section: '3 fan-out', figure: `${o.clients} clients: max delivery`, unit: 'ms', value: summarize(max) },
      { section: '3 fan-out', figure: 'server memory per client', unit: 'KiB', value: summarize([perClient / 1024]) },
    ];
  } finally {
    await crowd?.close();
    await server.stop();
  }
}

/** The floor: a bare Socket.IO process broadcasting a visit-sized payload to as many clients. */
async function floorRuns(o: FanOutOptions, say: (s: string) => void): Promise<Summary> {
  const floor = startChild('floors/alert-floor.ts');
  let crowd: Crowd | undefined;
  try {
    const { url } = await floor.request<{ url: string }>({ type: 'listen' });
    crowd = await Crowd.connect(url, Array<string>(o.clients).fill('hall'));
    await sleep(2000);
    const p99: number[] = [];
    for (let run = 0; run < o.runs; run++) {
      await floor.request({ type: 'push', room: 'hall' });
      await sleep(1500);
      const d = distribution(pairs((await crowd.collect()).visits).map((p) => p.latency));
      if (d.n !== o.clients) throw new Error(`fan-out floor: ${d.n} of ${o.clients} clients got the broadcast`);
      p99.push(d.p99);
    }
    const s = summarize(p99);
    say(`  floor: bare broadcast to ${o.clients}: p99 ${s.median} ms (min ${s.min}, max ${s.max})`);
    return s;
  } finally {
    await crowd?.close();
    await floor.close();
  }
}
