/**
 * The core path end to end against the real server process: HTTP command → durable log → clocks →
 * Socket.IO pushes, on time; idempotency; and a SIGKILL in the middle of it all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { listen } from '../support/socket.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live clocks on a running server', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let greeter: string;

  beforeAll(async () => {
    server = await startServer({ receptionSeconds: 2, vipSeconds: 3 });
    http = api(server.url);
    greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
  });
  afterAll(() => server.kill());

  it('pushes the warning and then the breach within 250 ms of their due instants', async () => {
    const staff = await listen(server.url, greeter);
    const wall = await listen(server.url, WALL_TOKEN);
    const r = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
    expect(r.status).toBe(201);
    const visit = r.body.visit;
    expect(visit.ticket).toMatch(/^B\d{3}$/);
    const breach = await staff.waitFor(() =>
      staff.alerts.find((a) => a.alert.visitId === visit.id && a.alert.kind === 'breach'),
    );
    const warning = staff.alerts.find((a) => a.alert.visitId === visit.id && a.alert.kind === 'warning')!;
    const arrived = Date.parse(visit.arrivedAt);
    expect(Date.parse(warning.alert.dueAt)).toBe(arrived + 1600);
    expect(Date.parse(breach.alert.dueAt)).toBe(arrived + 2000);
    for (const a of [warning, breach]) {
      const lateness = a.at - Date.parse(a.alert.dueAt);
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThanOrEqual(250);
      expect(a.alert.late).toBe(false);
    }
    expect(warning.at).toBeLessThan(breach.at);
    // The wall sees the same alerts (ticket numbers only).
    await wall.waitFor(() => wall.alerts.find((a) => a.alert.visitId === visit.id && a.alert.kind === 'breach'));
    staff.close();
    wall.close();
  });

  it('gives "met" and no breach when the greeting comes before the target', async () => {
    const staff = await listen(server.url, greeter);
    const { body } = await http.post(
      '/branches/t1/visits',
      { line: 'property', specialNeeds: ['pregnant'] },
      KIOSK_TOKEN,
    );
    await sleep(500);
    const greet = await http.post(`/branches/t1/visits/${body.visit.id}/greet`, {}, greeter);
    expect(greet.status).toBe(200);
    expect(greet.body.visit).toMatchObject({ greetedBy: 'g01', owner: 'g01' });
    await staff.waitFor(() => staff.visits.find((v) => v.visit.id === body.visit.id && v.visit.greetedAt));
    await sleep(2000);
    expect(staff.alerts.filter((a) => a.alert.visitId === body.visit.id && a.alert.kind === 'breach')).toEqual([]);
    const detail = await http.get(`/branches/t1/visits/${body.visit.id}`, greeter);
    expect(detail.body.visit.rules).toEqual([expect.objectContaining({ id: 'reception', outcome: 'met' })]);
    staff.close();
  });

  it('stops the VIP clock only for a VIP host', async () => {
    const host = await http.login(STAFF.vipHost.staffId, STAFF.vipHost.pin);
    const { body } = await http.post(
      '/branches/t1/visits',
      { line: 'life', vip: { memberNo: '6222021234567890' } },
      KIOSK_TOKEN,
    );
    expect(body.visit.ticket).toMatch(/^V\d{3}$/);
    expect(body.visit.memberNo).toBe('************7890');
    const first = await http.post(`/branches/t1/visits/${body.visit.id}/greet`, {}, greeter);
    expect(first.body.visit.rules.find((r: any) => r.id === 'vip-reception').outcome).toBe('running');
    const again = await http.post(`/branches/t1/visits/${body.visit.id}/greet`, {}, greeter);
    expect(again.status).toBe(409);
    const byHost = await http.post(`/branches/t1/visits/${body.visit.id}/greet`, {}, host);
    expect(byHost.status).toBe(200);
    expect(byHost.body.visit.rules.find((r: any) => r.id === 'vip-reception')).toMatchObject({
      outcome: 'met',
      stoppedBy: 'v01',
    });
    expect(byHost.body.visit.owner).toBe('g01');
  });

  it('makes one visit of one check-in sent twice with one key, and refuses the key for another body', async () => {
    const key = `retry-${Date.now()}`;
    const a = await http.post('/branches/t1/visits', { line: 'pension' }, KIOSK_TOKEN, key);
    const b = await http.post('/branches/t1/visits', { line: 'pension' }, KIOSK_TOKEN, key);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.visit.id).toBe(a.body.visit.id);
    expect(b.body.visit.ticket).toBe(a.body.visit.ticket);
    const c = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN, key);
    expect(c.status).toBe(409);
    const list = await http.get('/branches/t1/visits?state=all', greeter);
    expect(list.body.visits.filter((v: any) => v.id === a.body.visit.id)).toHaveLength(1);
    expect(list.body.visits.filter((v: any) => v.line === 'pension')).toHaveLength(1);
  });

  it('answers a malformed body with a 400 naming the field, and an illegal transition with a 409, writing nothing', async () => {
    const before = (await http.get('/branches/t1/visits?state=all', greeter)).body.visits.length;
    const bad = await http.post('/branches/t1/visits', { line: 'life', vip: { memberNo: '12ab' } }, KIOSK_TOKEN);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('vip.memberNo');
    const extra = await http.post('/branches/t1/visits', { line: 'life', name: '张三' }, KIOSK_TOKEN);
    expect(extra.status).toBe(400);
    const noLine = await http.post('/branches/t1/visits', { line: 'nope' }, KIOSK_TOKEN);
    expect(noLine.status).toBe(400);
    expect(noLine.body.error.field).toBe('line');

    const { body } = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
    await http.post(`/branches/t1/visits/${body.visit.id}/leave`, {}, greeter);
    const detailBefore = await http.get(`/branches/t1/visits/${body.visit.id}`, greeter);
    const greet = await http.post(`/branches/t1/visits/${body.visit.id}/greet`, {}, greeter);
    expect(greet.status).toBe(409);
    expect(greet.body.error.code).toBe('visit-ended');
    const call = await http.post(`/branches/t1/visits/${body.visit.id}/call`, { counter: '1' }, greeter);
    expect(call.status).toBe(409);
    const other = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
    const transfer = await http.post(
      `/branches/t1/visits/${other.body.visit.id}/transfer`,
      { toLine: 'nowhere', reason: '测试' },
      greeter,
    );
    expect(transfer.status).toBe(409);
    const detailAfter = await http.get(`/branches/t1/visits/${body.visit.id}`, greeter);
    expect(detailAfter.body.events).toEqual(detailBefore.body.events);
    const after = (await http.get('/branches/t1/visits?state=all', greeter)).body.visits.length;
    expect(after).toBe(before + 2);
  });

  it('keeps roles and branches apart', async () => {
    const { body } = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
    expect((await http.post(`/branches/t1/visits/${body.visit.id}/greet`, {}, KIOSK_TOKEN)).status).toBe(403);
    expect((await http.post(`/branches/t1/visits/${body.visit.id}/greet`, {}, WALL_TOKEN)).status).toBe(403);
    expect((await http.post(`/branches/t1/visits/${body.visit.id}/greet`, {})).status).toBe(401);
    const other = await http.login(STAFF.otherBranch.staffId, STAFF.otherBranch.pin);
    expect((await http.post(`/branches/t1/visits/${body.visit.id}/greet`, {}, other)).status).toBe(403);
    const eventId = (await http.get(`/branches/t1/visits/${body.visit.id}`, greeter)).body.events[0].seq;
    expect(
      (await http.post(`/branches/t1/visits/${body.visit.id}/correct`, { eventId, reason: 'x' }, greeter)).status,
    ).toBe(403);
  });
});

describe('a SIGKILL in the middle of the day', () => {
  it('keeps every acknowledged command, goes on with open clocks and emits a missed breach once, late', async () => {
    // The VIP clock is long enough to still be running after the restart, even on a slow, busy machine.
    let server = await startServer({ receptionSeconds: 2, vipSeconds: 15 });
    let http = api(server.url);
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const greeted = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
    expect((await http.post(`/branches/t1/visits/${greeted.id}/greet`, {}, greeter)).status).toBe(200);
    const waiting = (await http.post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN)).body.visit;
    const vip = (await http.post('/branches/t1/visits', { line: 'pension', vip: {} }, KIOSK_TOKEN)).body.visit;
    expect((await http.post(`/branches/t1/visits/${vip.id}/greet`, {}, greeter)).status).toBe(200);
    await server.kill('SIGKILL');
    await sleep(3000); // the waiting customer's breach falls due while the server is down

    server = await server.restart();
    http = api(server.url);
    const token = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const staff = await listen(server.url, token);
    const snap = staff.snapshots[0]!;
    expect(snap.visits.map((v) => v.id).sort()).toEqual([greeted.id, waiting.id, vip.id].sort());
    expect(snap.visits.find((v) => v.id === greeted.id)).toMatchObject({ greetedBy: 'g01', owner: 'g01' });
    const missed = snap.alerts.filter((a) => a.visitId === waiting.id && a.kind === 'breach');
    expect(missed).toHaveLength(1);
    expect(missed[0]!.late).toBe(true);
    expect(Date.parse(missed[0]!.dueAt)).toBe(Date.parse(waiting.arrivedAt) + 2000);

    // The VIP clock (15 s) was still running across the restart: its breach now comes on time.
    expect(Date.parse(vip.rules.find((r: { id: string }) => r.id === 'vip-reception').dueAt)).toBeGreaterThan(
      Date.now(),
    );
    const vipBreach = await staff.waitFor(
      () => staff.alerts.find((a) => a.alert.visitId === vip.id && a.alert.kind === 'breach'),
      20_000,
    );
    expect(vipBreach.alert.late).toBe(false);
    expect(vipBreach.at - Date.parse(vipBreach.alert.dueAt)).toBeLessThanOrEqual(250);
    staff.close();

    // A second restart sends nothing again.
    await server.kill('SIGKILL');
    server = await server.restart();
    http = api(server.url);
    const again = await listen(server.url, await http.login(STAFF.greeter.staffId, STAFF.greeter.pin));
    await sleep(500);
    expect(again.alerts.filter((a) => a.alert.kind !== 'resolved')).toEqual([]);
    const ids = again.snapshots[0]!.alerts.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(again.snapshots[0]!.alerts.filter((a) => a.visitId === waiting.id && a.kind === 'breach')).toHaveLength(1);
    again.close();
    await server.kill();
  });
});
