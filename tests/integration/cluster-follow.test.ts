/**
 * Who follows which branch (issue 20 item 3): a cluster process keeps and folds the open visits only of the
 * branches it owns or serves. Two real processes on a throwaway PostgreSQL and Redis: a hall whose screens
 * and kiosk reach process A while process B owns its clocks is served by A as if A held everything, B fires
 * its alerts once, a process with no business in a branch holds none of its visits, and a process restarted
 * mid-day serves its hall again.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { ownerOf, type Cluster, type ClusterNode } from '../support/cluster.ts';
import { clusterFile } from '../support/cluster-file.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN } from '../support/config.ts';
import { listen, type Listener } from '../support/socket.ts';
import type { Snapshot } from '../../shared/socket.ts';

const file = clusterFile();

async function wallOn(node: ClusterNode): Promise<Listener> {
  return file.keep(await listen(node.url, WALL_TOKEN));
}

/** One sample of the process's scrape (a family without labels), or undefined. */
async function gauge(node: ClusterNode, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The process's count of alerts it told its sinks, for a branch and kind. */
async function alertsTold(node: ClusterNode, branch: string, kind: string): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^yingbin_alerts_total\{([^}]*)\} (\S+)$/gm)) {
    if (m[1]!.includes(`branch="${branch}"`) && m[1]!.includes(`kind="${kind}"`)) n += Number(m[2]);
  }
  return n;
}

const health = async (node: ClusterNode) =>
  (await api(node.url).get<{ openVisits: number; ownedBranches: string[] }>('/health')).body;

const checkIn = (node: ClusterNode, line = 'property') =>
  api(node.url).post('/branches/t1/visits', { line }, KIOSK_TOKEN);

/** What a screen shows of the hall: each open visit's ticket, state and clocks' outcomes, in ticket order. */
const shown = (s: Snapshot) =>
  s.visits
    .map((v) => ({ id: v.id, ticket: v.ticket, state: v.state, outcomes: v.rules.map((c) => [c.id, c.outcome]) }))
    .sort((a, b) => a.ticket.localeCompare(b.ticket));

/** Waits until each process owns one of the two branches; returns [serves t1 without owning it, owns t1]. */
async function split(c: Cluster): Promise<[ClusterNode, ClusterNode]> {
  await expect
    .poll(async () => (await Promise.all(c.nodes.map(health))).map((h) => h.ownedBranches.length), {
      timeout: 20_000,
      interval: 250,
    })
    .toEqual([1, 1]);
  const owner = (await ownerOf(c, 't1'))!;
  return [c.nodes.find((n) => n !== owner)!, owner];
}

const tokenOf = (statusUrl: string) => statusUrl.split('/').pop()!;

describe('a cluster process keeps only the branches it owns or serves', () => {
  it('serves a hall whose branch another process owns: snapshot, pushes, people ahead on the kiosk and the status page; the owner fires each alert once', async () => {
    const cluster = await file.start({ processes: 2, receptionSeconds: 6, leaseSeconds: 1.5 });
    const [a, b] = await split(cluster);

    // Customers arrive through B; one is greeted there. A has no business with t1 yet.
    const early = [];
    for (let i = 0; i < 3; i++) {
      const r = await checkIn(b);
      expect(r.status).toBe(201);
      early.push(r.body.visit as { id: string });
    }
    const greeter = await api(b.url).login(STAFF.greeter.staffId, STAFF.greeter.pin);
    expect((await api(b.url).post(`/branches/t1/visits/${early[0]!.id}/greet`, {}, greeter)).status).toBe(200);
    // Another is greeted through A: a command needs no open visits in memory, and keeps none there.
    const greeterA = await api(a.url).login(STAFF.greeter2.staffId, STAFF.greeter2.pin);
    expect((await api(a.url).post(`/branches/t1/visits/${early[1]!.id}/greet`, {}, greeterA)).status).toBe(200);
    // A follows t2 alone (its own branch, with no visits) once a lease round has let go of what it handed over.
    await expect.poll(() => gauge(a, 'yingbin_followed_branches'), { timeout: 10_000 }).toBe(1);
    expect((await health(a)).openVisits).toBe(0);

    // The hall's wall connects to A: A reads t1 first, and shows what B's screen shows.
    const wallA = await wallOn(a);
    const wallB = await wallOn(b);
    expect(shown(wallA.snapshots[0]!)).toEqual(shown(wallB.snapshots[0]!));
    expect(wallA.snapshots[0]!.visits).toHaveLength(3);
    expect(await gauge(a, 'yingbin_followed_branches')).toBe(2);
    expect((await health(a)).openVisits).toBe(3);

    // The kiosk checks a customer in through A: both screens get the visit.
    const mine = await checkIn(a, 'life');
    expect(mine.status).toBe(201);
    for (const wall of [wallA, wallB])
      await wall.waitFor(() => wall.visits.find((v) => v.visit.id === mine.body.visit.id));

    // People ahead, counted in the real call order, the same on the kiosk and the status page of either process.
    const ahead = async (node: ClusterNode) => ({
      kiosk: (await api(node.url).get(`/branches/t1/lines/status?visit=${mine.body.visit.id}`, KIOSK_TOKEN)).body.ahead,
      status: (await api(node.url).get(`/status/${tokenOf(mine.body.statusUrl)}`)).body.ahead,
    });
    const onB = await ahead(b);
    expect(onB.kiosk).toBe(onB.status);
    expect(onB.kiosk).toBeGreaterThan(0);
    expect(await ahead(a)).toEqual(onB);

    // Two visits are never greeted: each has a warning and a breach, fired by B alone, once, and on both screens.
    const unGreeted = [early[2]!.id, mine.body.visit.id as string];
    const firedFor = (l: Listener) => {
      const ids = [...(l.snapshots[0]!.recentAlerts ?? []), ...l.alerts.map((x) => x.alert)]
        .filter((x) => x.kind === 'breach' || x.kind === 'warning')
        .map((x) => x.id);
      return ids;
    };
    for (const wall of [wallA, wallB]) {
      await wall.waitFor(
        () => (new Set(firedFor(wall).filter((id) => id.includes(':reception:'))).size >= 4 ? true : undefined),
        20_000,
      );
    }
    await expect.poll(() => alertsTold(b, 't1', 'breach'), { timeout: 5000 }).toBe(2);
    expect(await alertsTold(b, 't1', 'warning')).toBe(2);
    expect(await alertsTold(a, 't1', 'breach')).toBe(0);
    expect(await alertsTold(a, 't1', 'warning')).toBe(0);
    for (const wall of [wallA, wallB]) {
      const pushed = wall.alerts.filter((x) => x.alert.kind === 'breach' || x.alert.kind === 'warning');
      expect(new Set(pushed.map((x) => x.alert.id)).size).toBe(pushed.length); // none twice
      expect([...new Set(firedFor(wall).map((id) => id.split(':')[0]))].sort()).toEqual([...unGreeted].sort());
      for (const { at, alert } of pushed) expect(at).toBeGreaterThanOrEqual(Date.parse(alert.dueAt));
    }
  });

  it('holds none of a branch nobody asks it for, whatever is announced, and serves it correctly once asked', async () => {
    const cluster = await file.start({ processes: 2, receptionSeconds: 300, leaseSeconds: 1.5 });
    const [a, b] = await split(cluster);
    await expect.poll(() => gauge(a, 'yingbin_followed_branches'), { timeout: 10_000 }).toBe(1);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await checkIn(b, i % 2 ? 'life' : 'pension')).body.visit.id as string);
    // Its check-in through A (a write needs no open visits) keeps nothing on A either.
    ids.push((await checkIn(a)).body.visit.id as string);
    const greeter = await api(b.url).login(STAFF.greeter.staffId, STAFF.greeter.pin);
    await api(b.url).post(`/branches/t1/visits/${ids[0]}/greet`, {}, greeter);
    // Two lease rounds: announcements and catch-up alike pass the branch over.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await health(a)).openVisits).toBe(0);
    expect(await gauge(a, 'yingbin_followed_branches')).toBe(1);

    // A request for the branch (the tablet's list) is answered from the log's state, then kept followed.
    const greeterA = await api(a.url).login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const listOn = async (node: ClusterNode, token: string) =>
      (
        (await api(node.url).get('/branches/t1/visits?state=open', token)).body.visits as {
          id: string;
          state: string;
        }[]
      )
        .map((v) => `${v.id}:${v.state}`)
        .sort();
    expect(await listOn(a, greeterA)).toEqual(await listOn(b, greeter));
    expect((await listOn(a, greeterA)).length).toBe(5);
    expect(await gauge(a, 'yingbin_followed_branches')).toBe(2);
    // Followed now: a change announced by B is folded on A (its list moves without another read of the log).
    await api(b.url).post(`/branches/t1/visits/${ids[1]}/greet`, {}, greeter);
    await expect.poll(() => listOn(a, greeterA), { timeout: 5000 }).toEqual(await listOn(b, greeter));
  });

  it('serves its hall again after a restart mid-day: the snapshot equals the other process’s', async () => {
    const cluster = await file.start({ processes: 2, receptionSeconds: 300, leaseSeconds: 1.5 });
    const [a, b] = await split(cluster);
    const wallA = await wallOn(a);
    for (let i = 0; i < 3; i++) expect((await checkIn(a)).status).toBe(201);
    await wallA.waitFor(() => (wallA.visits.length >= 3 ? true : undefined));
    await a.kill('SIGKILL');
    // The hall goes on through B meanwhile.
    const greeter = await api(b.url).login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const during = await checkIn(b, 'pension');
    expect(during.status).toBe(201);
    await api(b.url).post(`/branches/t1/visits/${during.body.visit.id}/greet`, {}, greeter);

    const restarted = await cluster.add();
    const again = await wallOn(restarted);
    const other = await wallOn(b);
    expect(again.snapshots[0]!.visits).toHaveLength(4);
    expect(shown(again.snapshots[0]!)).toEqual(shown(other.snapshots[0]!));
    // And it goes on live: a check-in through B reaches the restarted process's screen.
    const next = await checkIn(b);
    await again.waitFor(() => again.visits.find((v) => v.visit.id === next.body.visit.id));
  });
});
