/**
 * The regional wall's feed on a real server: a head-office manager watches a region of two halls. Its
 * connection gets one standing per branch when something changed there — never a branch's visits — with
 * today's compliance, breaches now and who waits; an idle branch sends nothing; only the managers the
 * configuration names may watch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { RegionBranch, RegionOverview } from '../../shared/region.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.ts';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, testConfig } from '../support/config.ts';
import { startServer, TEST_STORE, type RunningServer } from '../support/server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HEAD = { staffId: 'h01', pin: '5555' };

function regionConfig() {
  const c = testConfig({ receptionSeconds: 2, warnAt: [0.5] });
  return {
    ...c,
    staff: [
      ...c.staff,
      { id: 'h01', name: '钱总', branch: 't1', roles: ['manager'], regions: ['east'], pin: HEAD.pin },
    ],
    regions: [{ id: 'east', name: { zh: '华东区', en: 'East region' }, branches: ['t1', 't2'] }],
  };
}

interface Watch {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  overviews: RegionOverview[];
  standings: RegionBranch[];
  visits: number;
  alerts: number;
}

function watch(url: string, token: string, region: string): Promise<Watch> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    auth: { token, region },
    transports: ['websocket'],
    reconnection: false,
  });
  const w: Watch = { socket, overviews: [], standings: [], visits: 0, alerts: 0 };
  socket.on('region', (o) => w.overviews.push(o));
  socket.on('region-branch', (b) => w.standings.push(b));
  socket.on('visit', () => w.visits++);
  socket.on('alert', () => w.alerts++);
  socket.on('snapshot', () => w.visits++);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(w));
    socket.once('connect_error', (e) => reject(e));
  });
}

async function until<T>(pick: () => T | undefined, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = pick();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(20);
  }
}

describe(`the regional wall's feed on ${TEST_STORE}`, () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let head: string;
  let manager: string;

  beforeAll(async () => {
    server = await startServer({ config: regionConfig() });
    http = api(server.url);
    head = await http.login(HEAD.staffId, HEAD.pin);
    manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  }, 60_000);
  afterAll(() => server.kill());

  it('lists the regions a manager may watch, and refuses the region to anyone else with a reason', async () => {
    expect((await http.get('/regions', head)).body).toEqual({
      regions: [{ id: 'east', name: { zh: '华东区', en: 'East region' }, branches: 2 }],
    });
    expect((await http.get('/regions', manager)).body).toEqual({ regions: [] });
    const refused = await http.get('/regions/east', manager);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await http.get('/regions/west', head)).body.error.code).toBe('unknown-region');
    expect((await http.get('/regions/east')).status).toBe(401);
    await expect(watch(server.url, manager, 'east')).rejects.toThrow('forbidden');
  });

  it('pushes the standing of the branch that changed, never its visits, and says when a customer is past due', async () => {
    const w = await watch(server.url, head, 'east');
    const first = await until(() => w.overviews[0]);
    expect(first.branches.map((b) => b.branch).sort()).toEqual(['t1', 't2']);
    expect(first.branches.every((b) => b.breachesNow === 0 && b.waiting === 0)).toBe(true);

    const checkIn = await http.post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN);
    expect(checkIn.status).toBe(201);
    const waiting = await until(() => w.standings.find((b) => b.branch === 't1' && b.waiting === 1));
    expect(waiting.breachesNow).toBe(0);

    // The reception target is 2 s: the breach is pushed as a new standing of t1, past due now.
    const breached = await until(() => w.standings.find((b) => b.branch === 't1' && b.breachesNow === 1));
    expect(breached.waiting).toBe(1);
    const over = await http.get('/regions/east', head);
    expect(over.status).toBe(200);
    expect(over.body.branches[0].branch).toBe('t1');

    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    expect((await http.post(`/branches/t1/visits/${checkIn.body.visit.id}/greet`, {}, greeter)).status).toBe(200);
    const greeted = await until(() =>
      w.standings.find((b) => b.branch === 't1' && b.breachesNow === 0 && b.rules[0]!.breached === 1),
    );
    expect(greeted.rules[0]).toMatchObject({ rule: 'reception', met: 0, breached: 1, compliance: 0 });

    // Nothing happened in t2: it never sent a standing. And no visit or alert of any branch reached this wall.
    expect(w.standings.filter((b) => b.branch === 't2')).toEqual([]);
    expect(w.visits).toBe(0);
    expect(w.alerts).toBe(0);
    w.socket.close();
  }, 30_000);
});
