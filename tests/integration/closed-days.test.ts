/**
 * Closed days stay closed (issue 15, and issue 14's fresh database), on either store: a check-in replayed
 * into a day whose close has passed belongs to that day — closed at once as at its close, in that day's
 * next report revision, never among today's waiting customers; and a fresh database freezes no empty
 * "yesterday". Also what a screen that was away learns on connecting: every alert of the last 15 minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { listen } from '../support/socket.ts';
import { localDay, localInstant } from '../../shared/time.ts';

const TZ = 'Asia/Shanghai';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a check-in replayed into a closed day', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let greeter: string;
  let manager: string;
  const today = localDay(Date.now(), TZ);
  const yesterday = localDay(localInstant(today, '00:00', TZ) - 3600_000, TZ);
  const report = async (day: string) => (await http.get(`/branches/t1/reports/daily?date=${day}`, manager)).body;

  beforeAll(async () => {
    server = await startServer({ receptionSeconds: 60 });
    http = api(server.url);
    greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  });
  afterAll(() => server.kill());

  it('freezes no empty "yesterday" on a fresh database', async () => {
    const r = await report(yesterday);
    expect(r.arrivals).toBe(0);
    expect(r.revision).toBeNull();
    expect(r.revisions).toEqual([]);
  });

  it("is closed at once as at that day's close, makes the day's next revision, and is never waiting today", async () => {
    const staff = await listen(server.url, greeter);
    const replay = async (hhmm: string) => {
      const r = await http.post(
        '/branches/t1/visits',
        { line: 'life', occurredAt: new Date(localInstant(yesterday, hhmm, TZ)).toISOString() },
        KIOSK_TOKEN,
      );
      expect(r.status).toBe(201);
      return r.body.visit;
    };
    const first = await replay('12:00');
    expect(first).toMatchObject({
      state: 'closed',
      endedAt: new Date(localInstant(yesterday, '24:00', TZ)).toISOString(),
    });
    expect(first.rules[0].outcome).toBe('breached'); // nobody greeted it in the 12 hours before the close

    let r = await report(yesterday);
    expect(r.arrivals).toBe(1);
    expect(r.revision).toBe(1);
    expect(r.revisions.map((x: any) => x.reason)).toEqual(['late-check-in']);

    const second = await replay('15:30');
    r = await report(yesterday);
    expect(r.arrivals).toBe(2);
    expect(r.revision).toBe(2);
    expect(r.revisions[1].changes).toContainEqual({ what: 'arrivals', before: 1, after: 2 });

    // Not among today's waiting customers: the open list, a fresh snapshot for staff and wall, today's report.
    const open = (await http.get('/branches/t1/visits?state=open', greeter)).body.visits as any[];
    expect(open.map((v) => v.id)).not.toContain(first.id);
    expect(open.map((v) => v.id)).not.toContain(second.id);
    const openToday = (await http.get(`/branches/t1/visits?state=open&date=${today}`, greeter)).body.visits as any[];
    expect(openToday).toEqual([]);
    const wall = await listen(server.url, WALL_TOKEN);
    const staffAgain = await listen(server.url, greeter);
    for (const s of [wall.snapshots[0]!, staffAgain.snapshots[0]!]) expect(s.visits.map((v) => v.id)).toEqual([]);
    expect((await report(today)).arrivals).toBe(0);
    // No alert for a day nobody could act on any more.
    await sleep(300);
    expect(staff.alerts.filter((a) => a.alert.visitId === first.id || a.alert.visitId === second.id)).toEqual([]);
    for (const l of [staff, wall, staffAgain]) l.close();
  });
});

describe('a screen that was away', () => {
  let server: RunningServer;
  afterAll(() => server.kill());

  it('gets the breach that fired late at start-up in its snapshot, also once it is resolved', async () => {
    server = await startServer({ receptionSeconds: 2, warnAt: [] });
    let http = api(server.url);
    const open = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
    const greeted = (await http.post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN)).body.visit;
    await server.kill('SIGKILL'); // while both clocks run
    await sleep(2500);
    server = await server.restart();
    http = api(server.url);
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    expect((await http.post(`/branches/t1/visits/${greeted.id}/greet`, {}, greeter)).status).toBe(200);

    const staff = await listen(server.url, greeter);
    const s = staff.snapshots[0]!;
    const breachOf = (list: typeof s.alerts, id: string) => list.filter((a) => a.visitId === id && a.kind === 'breach');
    expect(breachOf(s.alerts, open.id)).toHaveLength(1);
    expect(breachOf(s.alerts, greeted.id)).toEqual([]); // resolved: not open
    const stillOpen = breachOf(s.recentAlerts ?? [], open.id);
    expect(stillOpen).toEqual([expect.objectContaining({ late: true })]);
    expect(stillOpen[0]!.resolvedAt ?? null).toBeNull();
    expect(breachOf(s.recentAlerts ?? [], greeted.id)).toEqual([
      expect.objectContaining({ late: true, resolvedAt: expect.any(String) }),
    ]);
    staff.close();
  });
});
