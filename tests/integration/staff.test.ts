/**
 * The staff console's server side: a counter calling its next customer in priority order, and the
 * duty switch — stored across a restart, pushed live, and guarded by role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { listen } from '../support/socket.ts';
import type { DutyBoard } from '../../shared/socket.ts';

describe('call next to my counter', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let counter: string;

  beforeAll(async () => {
    server = await startServer();
    http = api(server.url);
    counter = await http.login(STAFF.counter.staffId, STAFF.counter.pin);
  });
  afterAll(() => server.kill());

  const checkIn = async (body: object) =>
    (await http.post('/branches/t1/visits', body, KIOSK_TOKEN)).body.visit as { id: string; ticket: string };

  it('calls VIPs first, then special needs, then by arrival, and says so when nobody waits', async () => {
    const plain1 = await checkIn({ line: 'life' });
    const special = await checkIn({ line: 'pension', specialNeeds: ['elderly'] });
    const plain2 = await checkIn({ line: 'property' });
    const vip = await checkIn({ line: 'life', vip: {} });
    const called: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await http.post('/branches/t1/counters/2/call-next', {}, counter);
      expect(r.status).toBe(200);
      expect(r.body.visit.state).toBe('called');
      expect(r.body.visit.counter).toBe('2');
      called.push(r.body.visit.ticket);
    }
    expect(called).toEqual([vip.ticket, special.ticket, plain1.ticket, plain2.ticket]);
    const empty = await http.post('/branches/t1/counters/2/call-next', {}, counter);
    expect(empty.status).toBe(409);
    expect(empty.body.error.code).toBe('queue-empty');
  });

  it('applies a retried call once: the same key returns the same customer, even with nobody left', async () => {
    const only = await checkIn({ line: 'life' });
    const first = await http.post('/branches/t1/counters/1/call-next', {}, counter, 'call-next-retry-1');
    const again = await http.post('/branches/t1/counters/1/call-next', {}, counter, 'call-next-retry-1');
    expect(first.body.visit.id).toBe(only.id);
    expect(again.status).toBe(200);
    expect(again.body.visit.id).toBe(only.id);
    const events = (await http.get(`/branches/t1/visits/${only.id}`, counter)).body.events as { type: string }[];
    expect(events.filter((e) => e.type === 'called')).toHaveLength(1);
  });

  it('refuses an unknown counter and a kiosk, and changes nothing', async () => {
    const v = await checkIn({ line: 'life' });
    expect((await http.post('/branches/t1/counters/9/call-next', {}, counter)).body.error.code).toBe('unknown-counter');
    expect((await http.post('/branches/t1/counters/1/call-next', {}, KIOSK_TOKEN)).status).toBe(403);
    expect((await http.get(`/branches/t1/visits/${v.id}`, counter)).body.visit.state).toBe('waiting');
  });

  it('follows a branch that puts special needs before VIPs', async () => {
    const config = testConfig();
    (config.branches[0] as Record<string, unknown>).callOrder = ['special-needs', 'vip'];
    const other = await startServer({ config });
    try {
      const h = api(other.url);
      const token = await h.login(STAFF.counter.staffId, STAFF.counter.pin);
      const vip = (await h.post('/branches/t1/visits', { line: 'life', vip: {} }, KIOSK_TOKEN)).body.visit;
      const special = (await h.post('/branches/t1/visits', { line: 'life', specialNeeds: ['pregnant'] }, KIOSK_TOKEN))
        .body.visit;
      expect((await h.post('/branches/t1/counters/1/call-next', {}, token)).body.visit.id).toBe(special.id);
      expect((await h.post('/branches/t1/counters/1/call-next', {}, token)).body.visit.id).toBe(vip.id);
    } finally {
      await other.kill();
    }
  });
});

describe('on duty / on break', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    server = await startServer();
    http = api(server.url);
  });
  afterAll(() => server.kill());

  it('starts everyone off duty, pushes each change to staff and wall, and keeps it across a restart', async () => {
    const g01 = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const before = (await http.get('/branches/t1/duty', WALL_TOKEN)).body.duty;
    expect(before.onDuty).toBe(0);
    expect(before.staff.find((s: { staffId: string }) => s.staffId === 'g01')).toMatchObject({
      name: '王芳',
      status: 'off-duty',
      since: null,
    });

    const wall = await listen(server.url, WALL_TOKEN);
    const boards: DutyBoard[] = [];
    wall.socket.on('duty', (d) => boards.push(d));
    expect(wall.snapshots[0]!.duty?.onDuty).toBe(0);
    const on = await http.post('/branches/t1/duty', { status: 'on-duty' }, g01);
    expect(on.status).toBe(200);
    expect(on.body.duty).toMatchObject({ onDuty: 1, onBreak: 0, greetersOnDuty: 1 });
    const pushed = await wall.waitFor(() => boards[0]);
    expect(pushed).toMatchObject({ branch: 't1', onDuty: 1, greetersOnDuty: 1 });
    // Setting the status one already has is not a change: nothing more is pushed.
    await http.post('/branches/t1/duty', { status: 'on-duty' }, g01);
    await http.post('/branches/t1/duty', { status: 'on-break' }, g01);
    await wall.waitFor(() => boards[1]);
    expect(boards.map((b) => b.onBreak)).toEqual([0, 1]);
    wall.close();

    await server.kill();
    server = await server.restart();
    http = api(server.url);
    const after = (await http.get('/branches/t1/duty', WALL_TOKEN)).body.duty;
    expect(after).toMatchObject({ onDuty: 0, onBreak: 1 });
    expect(after.staff.find((s: { staffId: string }) => s.staffId === 'g01').status).toBe('on-break');
  });

  it('lets a manager set a colleague, not a greeter; refuses bad status and a kiosk', async () => {
    const g02 = await http.login(STAFF.greeter2.staffId, STAFF.greeter2.pin);
    const m01 = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    expect((await http.post('/branches/t1/duty', { status: 'on-duty', staffId: 'g01' }, g02)).status).toBe(403);
    expect((await http.post('/branches/t1/duty', { status: 'asleep' }, g02)).status).toBe(400);
    expect((await http.post('/branches/t1/duty', { status: 'on-duty', staffId: 'x01' }, m01)).body.error.code).toBe(
      'unknown-staff',
    );
    expect((await http.get('/branches/t1/duty', KIOSK_TOKEN)).status).toBe(403);
    expect((await http.post('/branches/t1/duty', { status: 'on-duty' }, WALL_TOKEN)).status).toBe(403);
    const set = await http.post('/branches/t1/duty', { status: 'off-duty', staffId: 'g01' }, m01);
    expect(set.body.duty.staff.find((s: { staffId: string }) => s.staffId === 'g01').status).toBe('off-duty');
  });
});
