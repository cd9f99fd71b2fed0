/**
 * 6. Beyond one machine (issue 10): the same check-in and alert figures for the single SQLite process
 * and for 1, 2 and 3 processes on PostgreSQL + Redis (throwaway engines, tests/support/cluster.ts), set
 * against the single SQLite process; then failover — the branch owner SIGKILLed, how long until a
 * survivor holds the branch and until the first late alert reaches a survivor's client.
 *
 * The load generator spreads check-ins round-robin over the processes (as a proxy would); one wall
 * client per process watches the alert hall, and every warning and breach must reach every one of them
 * exactly once (duplicates and missing ones are counted, and must be 0).
 */
import { startCluster, startEngines, ownerOf, type Cluster, type Engines } from '../../tests/support/cluster.ts';
import { startChild, type Child } from '../lib/child.ts';
import { hallId, hallsConfig, kioskToken, wallToken, writeSetup } from '../lib/halls.ts';
import { cpuMs, startBenchServer } from '../lib/server.ts';
import { distribution, summarize, type Distribution, type Summary } from '../lib/stats.ts';
import { formatNumber as fmt, type Row } from '../lib/table.ts';
import type { Receipt } from '../clients/alert-watch.ts';
import { postmasterPid, redisPid, treeCpuMs } from '../lib/engine-cpu.ts';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface ClusterOptions {
  /** PostgreSQL process counts to measure (besides the single SQLite process). */
  processes: number[];
  /** Closed-loop kiosks for the check-in figures, and their runs. */
  concurrency: number;
  runs: number;
  runMs: number;
  /** Visits of the alert hall, checked in at a steady pace; each gives a warning and a breach. */
  alertVisits: number;
  alertsPerSecond: number;
  /** Lease times (s) for the failover runs. */
  leases: number[];
}

export interface ClusterResult {
  rows: Row[];
  /** Exactly-once or failover failures; empty when all held. */
  problems: string[];
}

const CHECKIN_HALLS = 20;
const ALERT_HALL = hallId(CHECKIN_HALLS);
/** Short targets for the alert hall: a warning at 80 % (4 s), the breach at 5 s. */
const ALERT_TARGET_SECONDS = 5;
/** Failover: warning at 2.4 s, breach at 3 s, so many dues fall into even the short lease's gap. */
const FAILOVER_TARGET_SECONDS = 3;
const FAILOVER_PER_SECOND = 10;
const SECTION = '6 cluster';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 20 halls with hour-long targets take the check-in load; one hall with 5 s targets gives the alerts. */
function clusterConfig() {
  const config = hallsConfig({ halls: CHECKIN_HALLS + 1, receptionSeconds: 3600 });
  const alertHall = config.branches.at(-1)!;
  alertHall.rules.reception.targetSeconds = ALERT_TARGET_SECONDS;
  alertHall.rules['vip-reception'].targetSeconds = ALERT_TARGET_SECONDS;
  return config;
}

/** One way of running Yingbin: its processes' URLs and pids. */
interface Deployment {
  label: string;
  urls: string[];
  pids: number[];
  /** PostgreSQL's postmaster and redis-server, for their CPU share. */
  engines?: { postgres: number; redis: number };
  stop(): Promise<void>;
}

async function sqliteDeployment(): Promise<Deployment> {
  const server = await startBenchServer(writeSetup(clusterConfig()), 'cluster-sqlite');
  return { label: 'SQLite, 1 process', urls: [server.url], pids: [server.pid], stop: () => server.stop() };
}

async function postgresDeployment(
  engines: Engines,
  processes: number,
  leaseSeconds: number,
  config: unknown,
): Promise<{ d: Deployment; cluster: Cluster }> {
  const cluster = await startCluster(engines, { processes, leaseSeconds, config, entry: 'bundle' });
  const pids = await Promise.all(cluster.nodes.map((n) => pidOf(n.url)));
  const label = `PostgreSQL, ${processes} process${processes === 1 ? '' : 'es'}`;
  const enginePids = { postgres: await postmasterPid(cluster.databaseUrl), redis: await redisPid(cluster.redisUrl) };
  return {
    cluster,
    d: { label, urls: cluster.nodes.map((n) => n.url), pids, engines: enginePids, stop: () => cluster.stop() },
  };
}

/** The health answer names the process as host:pid:nonce. */
async function pidOf(url: string): Promise<number> {
  const h = (await (await fetch(`${url}/api/v1/health`)).json()) as { process: string };
  return Number(h.process.split(':').at(-2));
}

/** Busy and total jiffies of the whole machine (every neighbour included), from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

interface Figures {
  rate: Summary;
  p50: Summary;
  p99: Summary;
  alertP50: Summary;
  alertP99: Summary;
  duplicates: number;
  missing: number;
}

/** Closed-loop check-ins spread over the processes: replies/s and latency per run. */
async function measureCheckIns(d: Deployment, load: Child, o: ClusterOptions, say: (s: string) => void) {
  const targets = Array.from({ length: CHECKIN_HALLS }, (_, i) => ({
    branch: hallId(i),
    token: kioskToken(hallId(i)),
  }));
  await load.request({ type: 'run', urls: d.urls, concurrency: o.concurrency, durationMs: 1000, targets }); // warm-up
  const rate: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  for (let run = 0; run < o.runs; run++) {
    const cpu0 = d.pids.map(cpuMs);
    const pg0 = d.engines ? treeCpuMs(d.engines.postgres) : 0;
    const redis0 = d.engines ? cpuMs(d.engines.redis) : 0;
    const m0 = machineTicks();
    const r = await load.request<{
      replies: number;
      elapsedMs: number;
      latencies: number[];
      errors: Record<string, number>;
      sample: string;
      cpuShare: number;
    }>({
      type: 'run',
      urls: d.urls,
      concurrency: o.concurrency,
      durationMs: o.runMs,
      targets,
    });
    if (Object.keys(r.errors).length > 0)
      throw new Error(`${d.label}: check-ins failed: ${JSON.stringify(r.errors)} ${r.sample}`);
    const m1 = machineTicks();
    const servers = d.pids.map((pid, i) => (cpuMs(pid) - cpu0[i]!) / r.elapsedMs);
    const engines = d.engines
      ? `, PostgreSQL ${Math.round((100 * (treeCpuMs(d.engines.postgres) - pg0)) / r.elapsedMs)} %, Redis ${Math.round((100 * (cpuMs(d.engines.redis) - redis0)) / r.elapsedMs)} %`
      : '';
    const dist = distribution(r.latencies);
    rate.push(r.replies / (r.elapsedMs / 1000));
    p50.push(dist.p50);
    p99.push(dist.p99);
    const cores = ((m1.busy - m0.busy) / (m1.total - m0.total)) * cpus().length;
    say(
      `    check-in run ${run + 1}: ${Math.round(rate.at(-1)!)}/s, p50 ${dist.p50.toFixed(1)} ms, p99 ${dist.p99.toFixed(1)} ms; ` +
        `CPU: server${servers.length > 1 ? 's' : ''} ${servers.map((s) => `${Math.round(100 * s)} %`).join(' + ')}, load generator ${Math.round(100 * r.cpuShare)} %${engines}, ` +
        `whole machine ${cores.toFixed(2)} of ${cpus().length} cores`,
    );
  }
  return { rate: summarize(rate), p50: summarize(p50), p99: summarize(p99) };
}

/** Per watching client: alerts received twice or more, and (visit, kind) pairs expected but never received. */
function exactlyOnce(
  receipts: Receipt[][],
  visitIds: string[],
): { duplicates: number; missing: number; perClient: string[] } {
  let duplicates = 0;
  let missing = 0;
  const perClient = receipts.map((mine) => {
    const ids = new Set(mine.map((r) => r.id));
    const got = new Set(mine.map((r) => `${r.visitId} ${r.kind}`));
    const dup = mine.length - ids.size;
    const miss = visitIds.reduce((n, v) => n + (got.has(`${v} warning`) ? 0 : 1) + (got.has(`${v} breach`) ? 0 : 1), 0);
    // Alerts of visits nobody acknowledged (cannot happen here) would show as more ids than expected.
    duplicates += dup;
    missing += miss;
    return `${mine.length} received, ${dup} duplicate, ${miss} missing`;
  });
  return { duplicates, missing, perClient };
}

/** Lateness of every receipt, cut into thirds by due instant (one run each, as in section 1). */
function byThird(all: Receipt[]): Distribution[] {
  const dues = all.map((r) => r.dueAt);
  const from = Math.min(...dues);
  const span = Math.max(...dues) - from + 1;
  const thirds: number[][] = [[], [], []];
  for (const r of all) thirds[Math.min(2, Math.floor(((r.dueAt - from) / span) * 3))]!.push(r.at - r.dueAt);
  return thirds.map((t) => distribution(t));
}

/** Paced check-ins into the alert hall, spread over the processes; one wall client per process. */
async function measureAlerts(d: Deployment, load: Child, o: ClusterOptions, say: (s: string) => void) {
  const watch = startChild('clients/alert-watch.ts');
  try {
    await watch.request({ type: 'connect', clients: d.urls.map((url) => ({ url, token: wallToken(ALERT_HALL) })) });
    const items = Array.from({ length: o.alertVisits }, () => ({
      branch: ALERT_HALL,
      token: kioskToken(ALERT_HALL),
      body: { line: 'life' },
    }));
    const sent = await load.request<{ visits: { id: string }[]; errors: Record<string, number>; sample: string }>({
      type: 'paced',
      urls: d.urls,
      perSecond: o.alertsPerSecond,
      items,
    });
    if (Object.keys(sent.errors).length > 0)
      throw new Error(`${d.label}: alert-hall check-ins failed: ${JSON.stringify(sent.errors)} ${sent.sample}`);
    await sleep(ALERT_TARGET_SECONDS * 1000 + 3000); // the last breach, and time for a duplicate to show
    const { receipts } = await watch.request<{ receipts: Receipt[][] }>({ type: 'collect' });
    const once = exactlyOnce(
      receipts,
      sent.visits.map((v) => v.id),
    );
    const all = receipts.flat();
    const late = all.filter((r) => r.late).length;
    const thirds = byThird(all);
    say(
      `    alerts: ${sent.visits.length} visits → ${2 * sent.visits.length} warnings and breaches per client; ${once.perClient.map((c, i) => `client ${i + 1}: ${c}`).join('; ')}; ${late} marked late`,
    );
    thirds.forEach((t, i) =>
      say(`    alert lateness, third ${i + 1}: p50 ${t.p50} ms, p99 ${t.p99} ms, max ${t.max} ms (${t.n} receipts)`),
    );
    return {
      alertP50: summarize(thirds.map((t) => t.p50)),
      alertP99: summarize(thirds.map((t) => t.p99)),
      duplicates: once.duplicates,
      missing: once.missing,
    };
  } finally {
    await watch.request({ type: 'disconnect' }).catch(() => undefined);
    await watch.close();
  }
}

async function measure(d: Deployment, o: ClusterOptions, say: (s: string) => void): Promise<Figures> {
  const load = startChild('clients/http-load.ts');
  try {
    say(
      `  ${d.label}: ${o.concurrency} kiosks round-robin over ${d.urls.length} process${d.urls.length === 1 ? '' : 'es'}, ${o.runs} × ${o.runMs / 1000} s`,
    );
    const checkIns = await measureCheckIns(d, load, o, say);
    const alerts = await measureAlerts(d, load, o, say);
    return { ...checkIns, ...alerts };
  } finally {
    await load.close();
    await d.stop();
  }
}

interface Failover {
  leaseSeconds: number;
  takeoverMs: number;
  firstLateMs: number;
  late: number;
  duplicates: number;
  missing: number;
}

/**
 * Three processes, lease L: check-ins paced at the survivors; the owner SIGKILLed; the survivors'
 * health polled every 50 ms until one holds the branch; the first late alert at a survivor's client.
 */
async function failover(engines: Engines, leaseSeconds: number, say: (s: string) => void): Promise<Failover> {
  const config = hallsConfig({ halls: 1, receptionSeconds: FAILOVER_TARGET_SECONDS });
  const hall = hallId(0);
  const { cluster, d } = await postgresDeployment(engines, 3, leaseSeconds, config);
  const load = startChild('clients/http-load.ts');
  const watch = startChild('clients/alert-watch.ts');
  try {
    const owner = await ownerOf(cluster, hall);
    if (!owner) throw new Error(`failover, lease ${leaseSeconds} s: no process owns ${hall}`);
    const survivors = cluster.nodes.filter((n) => n !== owner);
    await watch.request({ type: 'connect', clients: survivors.map((n) => ({ url: n.url, token: wallToken(hall) })) });

    // Longer than the target, so the dues of clocks started before the kill fall into the gap too.
    const leadMs = FAILOVER_TARGET_SECONDS * 1000 + 500;
    const trafficMs = leadMs + (leaseSeconds * 4000) / 3 + 4000;
    const items = Array.from({ length: Math.ceil((trafficMs / 1000) * FAILOVER_PER_SECOND) }, () => ({
      branch: hall,
      token: kioskToken(hall),
      body: { line: 'life' },
    }));
    const traffic = load.request<{ visits: { id: string }[]; errors: Record<string, number>; sample: string }>({
      type: 'paced',
      urls: survivors.map((n) => n.url),
      perSecond: FAILOVER_PER_SECOND,
      items,
    });
    await sleep(leadMs);
    const killedAt = Date.now();
    await owner.kill('SIGKILL');

    let takenAt = 0;
    let taker = '';
    while (!takenAt && Date.now() - killedAt < leaseSeconds * 3000 + 10_000) {
      const owned = await Promise.all(
        survivors.map(async (n) =>
          (
            (await (await fetch(`${n.url}/api/v1/health`)).json()) as { ownedBranches: string[] }
          ).ownedBranches.includes(hall),
        ),
      );
      const i = owned.indexOf(true);
      if (i >= 0) {
        takenAt = Date.now();
        taker = survivors[i]!.url;
      } else await sleep(50);
    }
    const sent = await traffic;
    if (Object.keys(sent.errors).length > 0)
      throw new Error(`failover: check-ins at the survivors failed: ${JSON.stringify(sent.errors)} ${sent.sample}`);
    await sleep(FAILOVER_TARGET_SECONDS * 1000 + 3000);
    const { receipts } = await watch.request<{ receipts: Receipt[][] }>({ type: 'collect' });
    const once = exactlyOnce(
      receipts,
      sent.visits.map((v) => v.id),
    );
    const late = receipts.flat().filter((r) => r.late);
    const firstLate = late.length ? Math.min(...late.map((r) => r.at)) : NaN;
    say(
      `  lease ${leaseSeconds} s: owner killed; ${taker ? `${taker} took the branch` : 'NO survivor took the branch'} after ${takenAt ? takenAt - killedAt : '—'} ms; ` +
        `first late alert at a survivor's client after ${fmt(firstLate - killedAt)} ms; ${late.length / Math.max(1, receipts.length)} late alerts per client; ` +
        `${sent.visits.length} check-ins acknowledged; ${once.perClient.map((c, i) => `client ${i + 1}: ${c}`).join('; ')}`,
    );
    return {
      leaseSeconds,
      takeoverMs: takenAt ? takenAt - killedAt : NaN,
      firstLateMs: firstLate - killedAt,
      late: late.length,
      duplicates: once.duplicates,
      missing: once.missing,
    };
  } finally {
    await watch.request({ type: 'disconnect' }).catch(() => undefined);
    await watch.close();
    await load.close();
    await d.stop();
  }
}

const one = (x: number): Summary => summarize([x]);
const times = (ours: number, base: number) => `${(ours / Math.max(1, base)).toFixed(1)}×`;

export async function clusterSuite(o: ClusterOptions, say: (s: string) => void): Promise<ClusterResult> {
  const rows: Row[] = [];
  const problems: string[] = [];
  const started = Date.now();
  const engines = await startEngines();
  say(
    `  engines: PostgreSQL and Redis started in ${((Date.now() - started) / 1000).toFixed(1)} s (fsync on, throwaway)`,
  );
  try {
    const base = await measure(await sqliteDeployment(), o, say);
    const results: [string, Figures][] = [['SQLite, 1 process', base]];
    for (const n of o.processes) {
      const { d } = await postgresDeployment(engines, n, 10, clusterConfig());
      results.push([d.label, await measure(d, o, say)]);
    }
    for (const [label, f] of results) {
      const isBase = f === base;
      const vs = (v: Summary, b: Summary, ratio: string) => (isBase ? {} : { floor: { value: b, ratio } });
      rows.push({
        section: SECTION,
        figure: `${label}: check-ins/s`,
        unit: '/s',
        value: f.rate,
        ...vs(f.rate, base.rate, `${Math.round((100 * f.rate.median) / base.rate.median)} %`),
      });
      rows.push({
        section: SECTION,
        figure: `${label}: check-in p50`,
        unit: 'ms',
        value: f.p50,
        ...vs(f.p50, base.p50, times(f.p50.median, base.p50.median)),
      });
      rows.push({
        section: SECTION,
        figure: `${label}: check-in p99`,
        unit: 'ms',
        value: f.p99,
        ...vs(f.p99, base.p99, times(f.p99.median, base.p99.median)),
      });
      rows.push({
        section: SECTION,
        figure: `${label}: alert lateness p50`,
        unit: 'ms',
        value: f.alertP50,
        ...vs(f.alertP50, base.alertP50, times(f.alertP50.median, base.alertP50.median)),
      });
      rows.push({
        section: SECTION,
        figure: `${label}: alert lateness p99`,
        unit: 'ms',
        value: f.alertP99,
        ...vs(f.alertP99, base.alertP99, times(f.alertP99.median, base.alertP99.median)),
      });
      rows.push({
        section: SECTION,
        figure: `${label}: alerts duplicated + missing (all clients)`,
        unit: '',
        value: one(f.duplicates + f.missing),
        aim: { text: '= 0', met: f.duplicates + f.missing === 0 },
      });
      if (f.duplicates + f.missing > 0)
        problems.push(`${label}: ${f.duplicates} duplicate and ${f.missing} missing alerts`);
    }
    for (const lease of o.leases) {
      const f = await failover(engines, lease, say);
      // The owner renews every third of the lease and a survivor asks every third, so the lease lapses
      // within L of the kill and is taken within L/3 after; 0.5 s for the health polling and the start.
      const bound = (lease * 4000) / 3 + 500;
      rows.push({
        section: SECTION,
        figure: `failover, lease ${lease} s: kill → takeover`,
        unit: 'ms',
        value: one(f.takeoverMs),
        aim: { text: `≤ ${fmt(bound)}`, met: f.takeoverMs <= bound },
      });
      rows.push({
        section: SECTION,
        figure: `failover, lease ${lease} s: kill → first late alert`,
        unit: 'ms',
        value: one(f.firstLateMs),
      });
      rows.push({
        section: SECTION,
        figure: `failover, lease ${lease} s: alerts duplicated + missing`,
        unit: '',
        value: one(f.duplicates + f.missing),
        aim: { text: '= 0', met: f.duplicates + f.missing === 0 },
      });
      if (!(f.takeoverMs <= bound))
        problems.push(`failover, lease ${lease} s: takeover after ${fmt(f.takeoverMs)} ms (bound ${fmt(bound)} ms)`);
      if (!Number.isFinite(f.firstLateMs))
        problems.push(`failover, lease ${lease} s: no late alert reached a survivor's client`);
      if (f.duplicates + f.missing > 0)
        problems.push(`failover, lease ${lease} s: ${f.duplicates} duplicate and ${f.missing} missing alerts`);
    }
  } finally {
    await engines.stop();
  }
  say(`  cluster section: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { rows, problems };
}
