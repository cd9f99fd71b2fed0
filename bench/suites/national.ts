/**
 * 9. A national day (issue 20): `branches` halls on three Yingbin processes (the bundle) on one throwaway
 * PostgreSQL + Redis, behind nginx with deploy/nginx.conf's configuration. Arrivals follow the Anonymous Bank
 * month's weekday curve, time compressed K× (targets too); staff act through the REST API with drawn delays;
 * every hall's wall and two tablets are live sockets from the hall's own loopback address. At the morning
 * peak one process is SIGKILLed, and restarted on its port once the survivors hold its branches. Every
 * warning and breach the clocks call for must reach its hall's wall exactly once and no other hall's screen.
 */
import { startCluster, startEngines } from '../../tests/support/cluster.ts';
import { startChild, type Child } from '../lib/child.ts';
import { delivery } from '../lib/national-figures.ts';
import {
  hallAddress,
  hallStaff,
  nationalConfig,
  nationalHall,
  nationalKiosk,
  nationalWall,
  RECEPTION_SECONDS,
  VIP_SECONDS,
} from '../lib/national-config.ts';
import { peakMinute, readDayCurve } from '../lib/national-curve.ts';
import { planHall } from '../lib/national-plan.ts';
import { readTruth } from '../lib/national-truth.ts';
import { health, metrics, metricValue, Watch } from '../lib/national-watch.ts';
import { startProxy } from '../lib/proxy.ts';
import { distribution } from '../lib/stats.ts';
import { formatNumber as fmt, type Row } from '../lib/table.ts';
import { nationalRows } from '../lib/national-rows.ts';
import { describeDelivery, describeProcesses } from '../lib/national-say.ts';
import type { Sessions, StaffHall, StaffReport } from '../clients/national-staff.ts';
import type { ScreenHall, ScreensReport } from '../clients/national-screens.ts';

export interface NationalOptions {
  branches: number;
  /** Mean visits a hall over the whole day (08:00–18:00). */
  visitsPerHall: number;
  /** Time compression: one real second is K seconds of the hall's day (a divisor of 60). */
  k: number;
  /** The day simulated, minutes of the local day: [opens, until). */
  opensMinute: number;
  untilMinute: number;
  seed: number;
  leaseSeconds: number;
  /** Child processes playing the staff, and holding the screens. */
  staffChildren: number;
  screenChildren: number;
  /** Tablets in one hall of N (1: every hall has its two). */
  tabletsEvery: number;
}

export interface NationalResult {
  rows: Row[];
  problems: string[];
}

const CLOSES_MINUTE = 18 * 60;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(Math.floor(m % 60)).padStart(2, '0')}`;

export async function nationalDay(o: NationalOptions, say: (s: string) => void): Promise<NationalResult> {
  const problems: string[] = [];
  const curve = readDayCurve(o.opensMinute, CLOSES_MINUTE);
  const halls = Array.from({ length: o.branches }, (_, i) => ({ i, id: nationalHall(i), plan: planHall(i, curve, o) }));
  const visits = halls.reduce((n, h) => n + h.plan.length, 0);
  const vips = halls.reduce((n, h) => n + h.plan.filter((v) => v.vip).length, 0);
  const peak = peakMinute(curve, o.opensMinute, Math.min(12 * 60, o.untilMinute));
  const dayMs = ((o.untilMinute - o.opensMinute) * 60_000) / o.k;
  say(
    `  ${o.branches} branches, ${hhmm(o.opensMinute)}–${hhmm(o.untilMinute)} at ${o.k}× (${(dayMs / 1000).toFixed(0)} s): ` +
      `${visits} visits (${o.visitsPerHall} a hall a day on average, ${vips} VIP = ${((100 * vips) / visits).toFixed(1)} %; the bank's ${curve.days} weekdays, VIP share ${(100 * curve.vipShare).toFixed(1)} %), ` +
      `targets ${RECEPTION_SECONDS / o.k} s / ${VIP_SECONDS / o.k} s, kill at the peak ${hhmm(peak)}, seed ${o.seed}`,
  );

  const engines = await startEngines();
  const started = Date.now();
  const config = nationalConfig({ branches: o.branches, k: o.k });
  // A thousand branches' first lease round comes before a process listens: well past the tests' 30 s here.
  const cluster = await startCluster(engines, {
    processes: 3,
    leaseSeconds: o.leaseSeconds,
    config,
    entry: 'bundle',
    startTimeoutMs: 300_000,
  }).catch(async (e: unknown) => {
    await engines.stop();
    throw e;
  });
  const children: Child[] = [];
  const watch = new Watch();
  try {
    const startupMs = Date.now() - started;
    for (const [i, n] of cluster.nodes.entries()) await watch.add(`process ${i + 1}`, n.url);
    const proxy = await startProxy(cluster.nodes.map((n) => n.port));
    say(`  three processes listening after ${fmt(startupMs)} ms; nginx at ${proxy.url} (deploy/nginx.conf)`);
    try {
      const staffChildren = Array.from({ length: o.staffChildren }, () => startChild('clients/national-staff.ts'));
      const screenChildren = Array.from({ length: o.screenChildren }, () => startChild('clients/national-screens.ts'));
      children.push(...staffChildren, ...screenChildren);
      const share = <T>(list: T[], n: number, c: number) => list.filter((_, i) => i % n === c);

      const signInStarted = Date.now();
      const sessions: Record<string, Sessions> = {};
      const staffHalls = halls.map<StaffHall>((h) => ({
        id: h.id,
        address: hallAddress(h.i),
        kioskToken: nationalKiosk(h.id),
        staff: hallStaff(h.id),
        plan: h.plan,
      }));
      await Promise.all(
        staffChildren.map(async (c, ci) =>
          Object.assign(
            sessions,
            (
              await c.request<{ sessions: Record<string, Sessions> }>(
                { type: 'setup', url: proxy.url, halls: share(staffHalls, o.staffChildren, ci) },
                900_000,
              )
            ).sessions,
          ),
        ),
      );
      say(`  ${3 * o.branches} staff signed in through the proxy in ${fmt(Date.now() - signInStarted)} ms`);

      const screenHalls = halls.map<ScreenHall>((h) => ({
        id: h.id,
        address: hallAddress(h.i),
        wallToken: nationalWall(h.id),
        tablets: h.i % o.tabletsEvery === 0 ? [sessions[h.id]!.greeter, sessions[h.id]!.vipHost] : [],
      }));
      const connectStarted = Date.now();
      const screens = (
        await Promise.all(
          screenChildren.map((c, ci) =>
            c.request<{ screens: number }>(
              { type: 'connect', url: proxy.url, halls: share(screenHalls, o.screenChildren, ci) },
              900_000,
            ),
          ),
        )
      ).reduce((n, r) => n + r.screens, 0);
      const perProcess = await Promise.all(
        cluster.nodes.map(async (n) => metricValue(await metrics(n.url), 'yingbin_connected_screens')),
      );
      say(
        `  ${screens} screens connected through the proxy in ${fmt(Date.now() - connectStarted)} ms (per process: ${perProcess.join(' / ')})`,
      );

      // The day.
      const t0 = Date.now() + 2000;
      watch.start();
      watch.sample();
      const cpuAtStart = watch.processes.map((w) => w.cpuLast);
      const day = Promise.all(
        staffChildren.map((c) => c.request<StaffReport>({ type: 'run', t0, k: o.k }, dayMs + 900_000)),
      );
      const killAt = t0 + ((peak - o.opensMinute) * 60_000) / o.k;
      await sleep(killAt - Date.now());
      const victim = cluster.nodes[1]!;
      const victimWatch = watch.processes[1]!;
      const held = (await health(victim.url)).ownedBranches;
      watch.sample();
      const killedAt = Date.now();
      await victim.kill('SIGKILL');
      watch.ended(victimWatch);
      // The survivors' health, every 100 ms, until they hold every branch the killed process held.
      const survivors = cluster.nodes.filter((n) => n !== victim);
      let takenAt = NaN;
      while (Date.now() - killedAt < o.leaseSeconds * 3000 + 30_000) {
        const owned = new Set(
          (await Promise.all(survivors.map((n) => health(n.url).catch(() => ({ ownedBranches: [] }))))).flatMap(
            (h) => h.ownedBranches,
          ),
        );
        if (held.every((b) => owned.has(b))) {
          takenAt = Date.now();
          break;
        }
        await sleep(100);
      }
      say(
        `  ${hhmm(peak)}: process 2 SIGKILLed holding ${held.length} branches; survivors held them all after ${fmt(takenAt - killedAt)} ms`,
      );
      if (!Number.isFinite(takenAt))
        problems.push(`the survivors did not take the killed process's ${held.length} branches`);
      await sleep(5000);
      const restarted = await cluster.add({ PORT: String(victim.port) });
      await watch.add('process 2 (restarted)', restarted.url);
      say(`  process 2 restarted on its port ${restarted.port} ${fmt(Date.now() - killedAt)} ms after the kill`);

      const staff = await day;
      await sleep((RECEPTION_SECONDS / o.k) * 1000 + 5000); // the last clocks' alerts, and time for a double to show
      watch.stop();
      const dayRealMs = Date.now() - t0;
      const screensReport = await Promise.all(screenChildren.map((c) => c.request<ScreensReport>({ type: 'collect' })));
      const truth = await readTruth(cluster.databaseUrl);
      const walls = screensReport.flatMap((r) => r.walls);
      const wrong = screensReport.flatMap((r) => r.wrongBranch);
      const d = delivery(walls, truth, { from: killedAt, to: takenAt + 2000 }, wrong.length, new Set(held));
      // A process that died during the day is a finding to report, not a reason to lose the day's figures.
      const living = cluster.nodes.filter((n) => n !== victim);
      const finalHealth = await Promise.all(living.map((n) => health(n.url).catch(() => undefined)));
      const roundMetrics = await Promise.all(living.map((n) => metrics(n.url).catch(() => '')));
      const labels = ['process 1', 'process 3', 'process 2 (restarted)'];
      finalHealth.forEach((h, i) => {
        if (h) return;
        problems.push(`${labels[i]} did not answer at the end of the day`);
        say(`  ${labels[i]} did not answer; its stderr ends:\n${living[i]!.stderr().slice(-2000)}`);
      });

      const done = staff.reduce((n, s) => n + s.visits, 0);
      const checkIns = staff.flatMap((s) => s.checkIns);
      const failed = staff.reduce<Record<string, number>>((f, s) => {
        for (const [k, v] of Object.entries(s.failed)) f[k] = (f[k] ?? 0) + v;
        return f;
      }, {});
      say(
        `  day over after ${fmt(dayRealMs)} ms: ${done} of ${visits} visits completed, ${checkIns.length} check-ins, ${staff.reduce((n, s) => n + s.retried, 0)} requests retried after the kill, ` +
          `failed ${JSON.stringify(failed)}${staff.find((s) => s.sample)?.sample ? ` (${staff.find((s) => s.sample)!.sample})` : ''}; load generator CPU ${fmt(staff.reduce((n, s) => n + s.cpuMs, 0))} ms`,
      );
      describeDelivery(truth, d, wrong, say);
      say(
        `  screens still connected at the end: ${screensReport.reduce((n, r) => n + r.connected, 0)} of ${screens}; ` +
          `owned branches now ${finalHealth.map((h) => h?.ownedBranches.length ?? 'no answer').join(' / ')}`,
      );
      describeProcesses(roundMetrics, labels, say);

      if (d.missing > 0) problems.push(`${d.missing} alerts missing at the walls`);
      if (d.doubled > 0) problems.push(`${d.doubled} alerts doubled at the walls`);
      if (d.wrongBranch > 0) problems.push(`${d.wrongBranch} alerts or visits at another branch's screen`);
      if (done < visits) problems.push(`${visits - done} visits not completed (${JSON.stringify(failed)})`);

      return {
        rows: nationalRows({
          o,
          visits: done,
          d,
          checkIn: distribution(checkIns.filter((c) => c.at < killedAt || c.at > takenAt + 2000).map((c) => c.ms)),
          checkInKill: distribution(
            checkIns.filter((c) => c.at >= killedAt && c.at <= takenAt + 2000).map((c) => c.ms),
          ),
          processes: watch.processes,
          cpuAtStart,
          dayRealMs,
          takeoverMs: takenAt - killedAt,
          firstLateMs: d.firstLateAt - killedAt,
          startupMs,
        }),
        problems,
      };
    } finally {
      await Promise.all(children.map((c) => c.request({ type: 'disconnect' }, 10_000).catch(() => undefined)));
      await Promise.all(children.map((c) => c.close()));
      await proxy.stop();
    }
  } finally {
    watch.stop();
    await cluster.stop();
    await engines.stop();
  }
}
