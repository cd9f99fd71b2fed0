/**
 * Alert handling on the real server: a manager acknowledges (who, when, note), the wall and other staff
 * may not, an unacknowledged breach escalates after `alerts.escalateAfterMinutes`, and the day's list
 * keeps it all. Also the wall's read of today's visits carries nothing personal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { listen } from '../support/socket.ts';

const ESCALATE_MINUTES = 0.05; // 3 s

describe('alert acknowledgement and escalation', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let manager: string;
  let greeter: string;

  beforeAll(async () => {
    server = await startServer({
      config: testConfig({
        receptionSeconds: 1,
        vipSeconds: 1,
        extra: { alerts: { escalateAfterMinutes: ESCALATE_MINUTES } },
      }),
    });
    http = api(server.url);
    manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
  });
  afterAll(() => server.kill());

  it('escalates an unacknowledged breach once, and not one a manager acknowledged', async () => {
    const wall = await listen(server.url, WALL_TOKEN);
    const ignored = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
    const handled = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
    const breachOf = (visitId: string) =>
      wall.waitFor(() =>
        wall.alerts.find(
          (a) => a.alert.visitId === visitId && a.alert.kind === 'breach' && a.alert.rule === 'reception',
        ),
      );
    const [b1, b2] = await Promise.all([breachOf(ignored.id), breachOf(handled.id)]);

    const path = (id: string) => `/branches/t1/alerts/${encodeURIComponent(id)}/ack`;
    expect((await http.post(path(b2.alert.id), {}, WALL_TOKEN)).status).toBe(403);
    expect((await http.post(path(b2.alert.id), {}, greeter)).status).toBe(403);
    expect((await http.post(path(b2.alert.id), { note: 'x'.repeat(201) }, manager)).status).toBe(400);
    expect((await http.post(path('no-such-alert'), {}, manager)).status).toBe(404);
    const ack = await http.post(path(b2.alert.id), { note: '  已安排李强接待 ' }, manager);
    expect(ack.status).toBe(200);
    expect(ack.body.alert).toMatchObject({ id: b2.alert.id, acknowledgedBy: 'm01', note: '已安排李强接待' });
    expect((await http.post(path(b2.alert.id), {}, manager)).body.error.code).toBe('already-acknowledged');
    // The acknowledgement is pushed live to the wall.
    await wall.waitFor(() => wall.alerts.find((a) => a.alert.id === b2.alert.id && a.alert.acknowledgedBy === 'm01'));

    const esc = await wall.waitFor(
      () => wall.alerts.find((a) => a.alert.kind === 'escalation' && a.alert.visitId === ignored.id),
      10_000,
    );
    const firedAt = Date.parse(b1.alert.firedAt);
    expect(Date.parse(esc.alert.dueAt)).toBe(firedAt + ESCALATE_MINUTES * 60_000);
    expect(esc.at - Date.parse(esc.alert.dueAt)).toBeLessThanOrEqual(500);
    expect(esc.alert).toMatchObject({ ticket: ignored.ticket, rule: 'reception', late: false });
    await new Promise((r) => setTimeout(r, 1500));
    const escalations = wall.alerts.filter((a) => a.alert.kind === 'escalation');
    expect(escalations.map((a) => a.alert.visitId)).toEqual([ignored.id]); // once, and only the ignored one

    // The escalation too may be acknowledged; the day's list has everything with who/when/note.
    expect((await http.post(path(esc.alert.id), { note: '已处理' }, manager)).status).toBe(200);
    expect((await http.get('/branches/t1/alerts', WALL_TOKEN)).status).toBe(403);
    const list = await http.get('/branches/t1/alerts', manager);
    expect(list.status).toBe(200);
    const byId = new Map(list.body.alerts.map((a: any) => [a.id, a]));
    expect(byId.get(b2.alert.id)).toMatchObject({ acknowledgedBy: 'm01', note: '已安排李强接待', resolvedAt: null });
    expect(byId.get(esc.alert.id)).toMatchObject({ kind: 'escalation', acknowledgedBy: 'm01', note: '已处理' });
    expect(typeof (byId.get(b2.alert.id) as any).acknowledgedAt).toBe('string');
    const other = await http.get(`/branches/t1/alerts?date=2000-01-01`, manager);
    expect(other.body.alerts).toEqual([]);
    expect((await http.get(`/branches/t1/alerts?date=yesterday`, manager)).status).toBe(400);

    // Greeting resolves the breach and its escalation; the list shows them closed.
    await http.post(`/branches/t1/visits/${ignored.id}/greet`, {}, greeter);
    await wall.waitFor(() =>
      wall.alerts.find(
        (a) => a.alert.kind === 'resolved' && a.alert.visitId === ignored.id && a.alert.reason === 'greeted-late',
      ),
    );
    const after = await http.get('/branches/t1/alerts', manager);
    const closed = after.body.alerts.filter((a: any) => a.visitId === ignored.id && a.rule === 'reception');
    expect(closed.length).toBeGreaterThanOrEqual(3); // warning, breach, escalation
    for (const a of closed) expect(a.resolvedAt).not.toBeNull();
    wall.close();
  });

  it('a breach greeted before its escalation instant does not escalate', async () => {
    const wall = await listen(server.url, WALL_TOKEN);
    const v = (await http.post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN)).body.visit;
    await wall.waitFor(() => wall.alerts.find((a) => a.alert.visitId === v.id && a.alert.kind === 'breach'));
    await http.post(`/branches/t1/visits/${v.id}/greet`, {}, greeter);
    await new Promise((r) => setTimeout(r, ESCALATE_MINUTES * 60_000 + 1000));
    expect(wall.alerts.filter((a) => a.alert.visitId === v.id && a.alert.kind === 'escalation')).toEqual([]);
    wall.close();
  });

  it('an escalation that fell due while the server was down fires at start-up, late', async () => {
    const v = (await http.post('/branches/t1/visits', { line: 'pension' }, KIOSK_TOKEN)).body.visit;
    const wall = await listen(server.url, WALL_TOKEN);
    await wall.waitFor(() => wall.alerts.find((a) => a.alert.visitId === v.id && a.alert.kind === 'breach'));
    wall.close();
    await server.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, ESCALATE_MINUTES * 60_000 + 500));
    server = await server.restart();
    http = api(server.url);
    const again = await listen(server.url, WALL_TOKEN);
    const esc =
      again.snapshots[0]!.alerts.find((a) => a.visitId === v.id && a.kind === 'escalation') ??
      (await again.waitFor(() => again.alerts.find((a) => a.alert.visitId === v.id && a.alert.kind === 'escalation')))
        .alert;
    expect(esc.late).toBe(true);
    again.close();
  });

  it('today for the wall: times and outcomes only, nothing personal', async () => {
    await http.post('/branches/t1/visits', { line: 'life', vip: { memberNo: '12345678901' } }, KIOSK_TOKEN);
    const r = await http.get('/branches/t1/today', WALL_TOKEN);
    expect(r.status).toBe(200);
    expect(r.body.visits.length).toBeGreaterThan(0);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain('12345678901');
    expect(text).not.toContain('8901');
    expect(text).not.toMatch(/ticket|memberNo|greetedBy|owner/);
    expect(r.body.visits[0]).toHaveProperty('clocks');
    expect((await http.get('/branches/t2/today', WALL_TOKEN)).status).toBe(403);
    expect((await http.get('/branches/t1/today')).status).toBe(401);
  });
});
