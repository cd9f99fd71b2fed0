/**
 * One branch count of the scale benchmark (bench/suites/national-scale.ts): a fresh database, idle halls,
 * three bundled processes started one by one as if on three machines. Measured in order: start-up empty,
 * an idle minute, memory idle and per connected screen; then open visits checked in, every process
 * restarted, start-up and an idle minute again with that work present; last, failover (the owner of the
 * short-target hall SIGKILLed while its visits fall due).
 */
import { startCluster, type Cluster, type ClusterNode, type Engines } from '../../tests/support/cluster.ts';
import { startChild } from './child.ts';
import { postmasterPid, treeCpuMs } from './engine-cpu.ts';
import { hallId, hallsConfig, kioskToken, wallToken } from './halls.ts';
import { cpuMs } from './server.ts';
import { formatNumber as fmt } from './table.ts';
import {
  enableStatements,
  healthOf,
  metric,
  metricsOf,
  pgCounters,
  pgDelta,
  rssBytes,
  type PgDelta,
} from './scale-probe.ts';
import { failover, type FailoverFigures, type Live } from './scale-failover.ts';

export interface LevelOptions {
  quick: boolean;
  leaseSeconds: number;
}

/** Kill → takeover at the short-target hall: its warnings at 2.4 s, breaches at 3 s, so dues fall in the gap. */
const FAILOVER_HALL = hallId(0);
const FAILOVER_TARGET_SECONDS = 3;

export interface Start {
  /** Spawn → /api/v1/health answers. */
  ms: number;
  /** yingbin_startup_seconds from the process's /metrics; NaN when this build has none. */
  metricS: number;
  ownedAtStart: number;
  openVisits: number;
}

/** An idle window's costs, scaled to one minute. */
export interface Minute {
  cpuPerProcess: number[];
  pgCpu: number;
  pg: PgDelta;
  /** yingbin_lease_round_seconds over the window, all processes: rounds, and mean ms a round (NaN if absent). */
  leaseRounds: number;
  leaseRoundMs: number;
}

export interface Phase {
  first: Start;
  third: Start;
  /** Third process started → every branch held, none above its fair share. */
  settledMs: number;
  minute: Minute;
  rssMB: number[];
  /** yingbin_followed_branches of each process after the minute (NaN where this build has none). */
  followed: number[];
}

export interface Level {
  branches: number;
  empty: Phase & { screens: number; perScreenKB: number };
  work: Phase & {
    openPerBranch: number;
    /** Open visits each process holds in memory after the restart (health's openVisits). */
    held: number[];
    fillMs: number;
  };
  failover: FailoverFigures;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const total = (ms: number[]) => ms.reduce((a, b) => a + b, 0);

/** Idle halls, hour-long targets, except the failover hall's 3 s. */
function levelConfig(n: number) {
  const config = hallsConfig({ halls: n, receptionSeconds: 3600 });
  const hall = config.branches[0]!;
  hall.rules.reception.targetSeconds = FAILOVER_TARGET_SECONDS;
  hall.rules['vip-reception'].targetSeconds = FAILOVER_TARGET_SECONDS;
  return config;
}

async function startNode(cluster: Cluster, live: Live[]): Promise<Start> {
  const t0 = performance.now();
  const node: ClusterNode = await cluster.add();
  const h = await healthOf(node.url);
  const ms = performance.now() - t0;
  live.push({ node, url: node.url, pid: h.pid });
  const m = await metricsOf(node.url);
  return { ms, metricS: metric(m, 'yingbin_startup_seconds'), ownedAtStart: h.owned.length, openVisits: h.openVisits };
}

/** Each process's yingbin_followed_branches (issue 20: a process folds only the branches it follows). */
async function followedBy(live: Live[]): Promise<number[]> {
  return Promise.all(live.map(async (l) => metric(await metricsOf(l.url), 'yingbin_followed_branches')));
}

/** Until every branch is held and none above its share (ms since `from`); NaN if not within 90 s. */
async function settle(live: Live[], n: number, from: number): Promise<number> {
  const share = Math.ceil(n / live.length);
  while (performance.now() - from < 90_000) {
    const hs = await Promise.all(live.map((l) => healthOf(l.url).catch(() => ({ owned: [] as string[] }))));
    const held = new Set(hs.flatMap((h) => h.owned));
    if (held.size === n && hs.every((h) => h.owned.length <= share)) return performance.now() - from;
    await sleep(250);
  }
  return NaN;
}

async function idleMinute(live: Live[], pgPid: number, databaseUrl: string, statementsOn: boolean, windowMs: number) {
  const m0 = await Promise.all(live.map((l) => metricsOf(l.url)));
  const pg0 = await pgCounters(databaseUrl);
  const c0 = live.map((l) => cpuMs(l.pid));
  const p0 = treeCpuMs(pgPid);
  const t0 = performance.now();
  await sleep(windowMs);
  const c1 = live.map((l) => cpuMs(l.pid));
  const p1 = treeCpuMs(pgPid);
  const perMinute = 60_000 / (performance.now() - t0);
  const pg1 = await pgCounters(databaseUrl);
  const m1 = await Promise.all(live.map((l) => metricsOf(l.url)));
  const d = pgDelta(pg0, pg1, statementsOn);
  const diff = (name: string) => total(m1.map((m, i) => metric(m, name) - metric(m0[i]!, name)));
  const rounds = diff('yingbin_lease_round_seconds_count');
  const minute: Minute = {
    cpuPerProcess: c1.map((c, i) => (c - c0[i]!) * perMinute),
    pgCpu: (p1 - p0) * perMinute,
    pg: {
      xacts: d.xacts * perMinute,
      rowsRead: d.rowsRead * perMinute,
      rowsWritten: d.rowsWritten * perMinute,
      statements: d.statements * perMinute,
      top: d.top.map(([q, k]) => [q, k * perMinute]),
    },
    leaseRounds: rounds * perMinute,
    leaseRoundMs: (1000 * diff('yingbin_lease_round_seconds_sum')) / rounds,
  };
  return minute;
}

function sayMinute(say: (s: string) => void, m: Minute): void {
  say(
    `    idle minute: CPU ${m.cpuPerProcess.map((c) => fmt(c)).join(' + ')} ms/min (processes), PostgreSQL ${fmt(m.pgCpu)} ms/min; ` +
      `${fmt(m.pg.statements)} statements, ${fmt(m.pg.xacts)} transactions, ${fmt(m.pg.rowsRead)} rows read, ${fmt(m.pg.rowsWritten)} rows written a minute; ` +
      `lease rounds ${fmt(m.leaseRounds)}/min at ${fmt(m.leaseRoundMs)} ms each`,
  );
  for (const [q, k] of m.pg.top) say(`      ${fmt(k)}/min  ${q.slice(0, 150)}`);
}

/**
 * Memory per connected screen on one process: RSS after half the walls connected and after all of them,
 * the slope between. Both points come after connection churn has made V8 collect, so the garbage an idle
 * process carries from its start-up (never collected while nothing happens) does not hide the screens.
 */
async function perScreen(l: Live, n: number, screens: number): Promise<number> {
  const sockets = startChild('clients/sockets.ts');
  const half = Math.floor(screens / 2);
  const tokens = Array.from({ length: screens }, (_, i) => wallToken(hallId(i % n)));
  const rssAfter = async (batch: string[]) => {
    await sockets.request({ type: 'connect', url: l.url, tokens: batch }, 600_000);
    await sleep(3000); // the snapshots sent, the buffers settled
    return rssBytes(l.pid);
  };
  try {
    const r1 = await rssAfter(tokens.slice(0, half));
    const r2 = await rssAfter(tokens.slice(half));
    return (r2 - r1) / (screens - half) / 1024;
  } finally {
    await sockets.request({ type: 'disconnect' }).catch(() => undefined);
    await sockets.close();
  }
}

/**
 * `perBranch` check-ins in every hall but the failover hall, spread over the processes; ms taken. Sent
 * from here with an Idempotency-Key each, so a connection reset under load is retried without a second
 * visit (the set-up is not measured, only the halls it leaves full).
 */
async function fill(live: Live[], n: number, perBranch: number): Promise<number> {
  const items: string[] = [];
  for (let k = 0; k < perBranch; k++) for (let i = 1; i < n; i++) items.push(hallId(i));
  const started = performance.now();
  let next = 0;
  const worker = async (w: number) => {
    while (next < items.length) {
      const k = next++;
      const branch = items[k]!;
      const key = `scale-fill-${k}-${started}`;
      for (let attempt = 1; ; attempt++) {
        try {
          const r = await fetch(`${live[(k + w) % live.length]!.url}/api/v1/branches/${branch}/visits`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Authorization: `Bearer ${kioskToken(branch)}`,
              'Idempotency-Key': key,
            },
            body: JSON.stringify({ line: 'property' }),
          });
          if (r.status === 201) break;
          throw new Error(`check-in ${branch}: ${r.status} ${(await r.text()).slice(0, 200)}`);
        } catch (e) {
          if (attempt >= 5) throw e;
          await sleep(200 * attempt);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 50 }, (_, w) => worker(w)));
  return performance.now() - started;
}

/** Starts three processes one by one; the first and the third are timed, then the ownership settles. */
async function startThree(cluster: Cluster, live: Live[], n: number, say: (s: string) => void) {
  const first = await startNode(cluster, live);
  await startNode(cluster, live);
  const t3 = performance.now();
  const third = await startNode(cluster, live);
  const settledMs = await settle(live, n, t3);
  const s = (label: string, x: Start) =>
    `${label} ${fmt(x.ms)} ms (yingbin_startup_seconds ${fmt(x.metricS)}), owning ${x.ownedAtStart}, ${x.openVisits} open visits held`;
  say(`    start-up: ${s('first alone', first)}; ${s('third joining two', third)}; settled after ${fmt(settledMs)} ms`);
  return { first, third, settledMs };
}

export async function measureLevel(
  engines: Engines,
  n: number,
  o: LevelOptions,
  say: (s: string) => void,
): Promise<Level> {
  const windowMs = o.quick ? 20_000 : 60_000;
  const screens = o.quick ? 200 : 1000;
  // The same open visits at every count (spread over the halls), so what grows between counts grows
  // with the branches; set against the empty phase, what grows with the work.
  const totalOpen = o.quick ? 500 : 3000;
  const openPerBranch = Math.ceil(totalOpen / (n - 1));
  const cluster = await startCluster(engines, {
    processes: 0,
    leaseSeconds: o.leaseSeconds,
    config: levelConfig(n),
    entry: 'bundle',
    // A process prints its port after its first lease round, which took every branch of a thousand one by one.
    startTimeoutMs: 600_000,
  });
  const live: Live[] = [];
  try {
    const statementsOn = await enableStatements(cluster.databaseUrl);
    const pgPid = await postmasterPid(cluster.databaseUrl);
    say(`  ${n} branches (lease ${o.leaseSeconds} s${statementsOn ? '' : '; pg_stat_statements not loaded'})`);

    const empty = await startThree(cluster, live, n, say);
    const minute = await idleMinute(live, pgPid, cluster.databaseUrl, statementsOn, windowMs);
    sayMinute(say, minute);
    const rssMB = live.map((l) => rssBytes(l.pid) / 2 ** 20);
    const followed = await followedBy(live);
    const perScreenKB = await perScreen(live[0]!, n, screens);
    say(
      `    followed branches ${followed.map((x) => fmt(x)).join(' / ')}; memory: RSS ${rssMB.map((r) => fmt(r)).join(' / ')} MiB idle; ${fmt(perScreenKB)} KiB per screen (RSS slope from ${screens / 2} to ${screens} walls on one process)`,
    );

    const fillMs = await fill(live, n, openPerBranch);
    const openVisits = (await healthOf(live[0]!.url)).openVisits;
    say(
      `    ${openPerBranch} open visits in each of ${n - 1} halls checked in in ${fmt(fillMs)} ms; the first process holds ${openVisits}`,
    );
    await Promise.all(live.splice(0).map((l) => l.node.kill('SIGTERM')));
    const work = await startThree(cluster, live, n, say);
    const workMinute = await idleMinute(live, pgPid, cluster.databaseUrl, statementsOn, windowMs);
    sayMinute(say, workMinute);
    const workRss = live.map((l) => rssBytes(l.pid) / 2 ** 20);
    const workFollowed = await followedBy(live);
    const held = await Promise.all(live.map(async (l) => (await healthOf(l.url)).openVisits));
    say(
      `    with the open visits: RSS ${workRss.map((r) => fmt(r)).join(' / ')} MiB; open visits held ${held.join(' / ')}; followed branches ${workFollowed.map((x) => fmt(x)).join(' / ')}`,
    );

    const f = await failover(live, FAILOVER_HALL, FAILOVER_TARGET_SECONDS, o.leaseSeconds, say);
    return {
      branches: n,
      empty: { ...empty, minute, rssMB, followed, screens, perScreenKB },
      work: { ...work, minute: workMinute, rssMB: workRss, followed: workFollowed, openPerBranch, held, fillMs },
      failover: f,
    };
  } finally {
    await cluster.stop();
  }
}
