/**
 * Issue 15 ("Honest numbers") against the real server, on either store: replayed time is bounded; a
 * replay that would undo a breach the hall was already told of stays breached and disputed until a
 * manager confirms it; an alert whose instant passed before a stop or end still fires, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { listen } from '../support/socket.ts';
import { localDay } from '../../shared/time.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('replayed time is bounded', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let greeter: string;
  let manager: string;

  beforeAll(async () => {
    server = await startServer({ receptionSeconds: 2, vipSeconds: 3 });
    http = api(server.url);
    greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  });
  afterAll(() => server.kill());

  const eventsOf = async (id: string) =>
    (await http.get(`/branches/t1/visits/${id}`, greeter)).body.events.length as number;

  // First: the day's report then holds this one visit only.
  it('keeps a breach the hall was told of: a greeting replayed as before due is breached and disputed until a manager confirms it', async () => {
    const staff = await listen(server.url, greeter);
    const { body } = await http.post('/branches/t1/visits', { line: 'property' }, KIOSK_TOKEN);
    const id = body.visit.id as string;
    const arrived = Date.parse(body.visit.arrivedAt);
    await staff.waitFor(() => staff.alerts.find((a) => a.alert.visitId === id && a.alert.kind === 'breach'));

    // The attack: after the breach went out, a tablet "replays" a greeting dated a second after arrival.
    const replay = await http.post(`/branches/t1/visits/${id}/greet`, { occurredAt: iso(arrived + 1000) }, greeter);
    expect(replay.status).toBe(200);
    expect(replay.body.visit.rules[0]).toMatchObject({
      id: 'reception',
      outcome: 'breached',
      disputed: true,
      stoppedAt: iso(arrived + 1000),
    });
    const detail = (await http.get(`/branches/t1/visits/${id}`, greeter)).body;
    const greet = detail.events.find((e: any) => e.type === 'greeted');
    expect(greet.occurredAt).toBe(arrived + 1000); // both times are kept
    expect(greet.recordedAt).toBeGreaterThan(arrived + 2000);

    const day = localDay(arrived, 'Asia/Shanghai');
    const report = async () => (await http.get(`/branches/t1/reports/daily?date=${day}`, manager)).body;
    const before = await report();
    expect(before.rules.reception.compliance).toEqual({ numerator: 0, denominator: 1 });
    expect(before.disputed).toEqual([
      expect.objectContaining({
        visitId: id,
        ticket: body.visit.ticket,
        rule: 'reception',
        replayedAt: iso(arrived + 1000),
      }),
    ]);
    const csv = await fetch(`${server.url}/api/v1/branches/t1/reports/daily?date=${day}&format=csv`, {
      headers: { Authorization: `Bearer ${manager}` },
    });
    const text = await csv.text();
    expect(text).toContain('待确认的补录');
    expect(text.split('待确认的补录')[1]).toContain(body.visit.ticket);

    const path = `/branches/t1/visits/${id}/confirm-replay`;
    expect((await http.post(path, { rule: 'reception' }, manager)).status).toBe(400); // a reason is required
    expect((await http.post(path, { rule: 'reception', reason: '平板离线' }, greeter)).status).toBe(403);
    const confirmed = await http.post(path, { rule: 'reception', reason: '平板离线，已核对录像' }, manager);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.visit.rules[0]).toMatchObject({ outcome: 'met' });
    expect(confirmed.body.visit.rules[0].disputed).toBeUndefined();
    const again = await http.post(path, { rule: 'reception', reason: '再次' }, manager);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('not-disputed');
    const after = await report();
    expect(after.rules.reception.compliance).toEqual({ numerator: 1, denominator: 1 });
    expect(after.disputed).toEqual([]);
    staff.close();
  });

  it('refuses a time more than a minute after receipt, before the arrival, or before the latest event, writing nothing', async () => {
    const { body } = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN);
    const id = body.visit.id as string;
    const arrived = Date.parse(body.visit.arrivedAt);

    const skew = await http.post(`/branches/t1/visits/${id}/greet`, { occurredAt: iso(Date.now() + 120_000) }, greeter);
    expect(skew.status).toBe(409);
    expect(skew.body.error.code).toBe('occurred-after-receipt');
    const skewedCheckIn = await http.post(
      '/branches/t1/visits',
      { line: 'life', occurredAt: iso(Date.now() + 120_000) },
      KIOSK_TOKEN,
    );
    expect(skewedCheckIn.status).toBe(409);
    expect(skewedCheckIn.body.error.code).toBe('occurred-after-receipt');

    const beforeArrival = await http.post(
      `/branches/t1/visits/${id}/leave`,
      { occurredAt: iso(arrived - 60_000) },
      greeter,
    );
    expect(beforeArrival.status).toBe(409);
    expect(beforeArrival.body.error.code).toBe('occurred-before-arrival');
    expect(await eventsOf(id)).toBe(1);

    expect(
      (await http.post(`/branches/t1/visits/${id}/call`, { counter: '1', occurredAt: iso(arrived + 1500) }, greeter))
        .status,
    ).toBe(200);
    const beforeLatest = await http.post(
      `/branches/t1/visits/${id}/greet`,
      { occurredAt: iso(arrived + 1000) },
      greeter,
    );
    expect(beforeLatest.status).toBe(409);
    expect(beforeLatest.body.error.code).toBe('occurred-before-latest');
    expect(await eventsOf(id)).toBe(2);
    const visit = (await http.get(`/branches/t1/visits/${id}`, greeter)).body.visit;
    expect(visit).toMatchObject({ state: 'called', greetedAt: null });
  });
});

describe('alerts follow the clock, not the timer', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let greeter: string;
  let manager: string;

  beforeAll(async () => {
    server = await startServer({ receptionSeconds: 3, vipSeconds: 3, warnAt: [0.5] });
    http = api(server.url);
    greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  });
  afterAll(() => server.kill());

  for (const action of ['greet', 'leave'] as const) {
    it(`fires, once, the breach that fell due before a ${action} dated past due, for every one of 20 visits`, async () => {
      const staff = await listen(server.url, greeter);
      const ids = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const arrival = Date.now() - 10_000;
          const r = await http.post('/branches/t1/visits', { line: 'life', occurredAt: iso(arrival) }, KIOSK_TOKEN);
          expect(r.status).toBe(201);
          const done = await http.post(
            `/branches/t1/visits/${r.body.visit.id}/${action}`,
            { occurredAt: iso(Date.parse(r.body.visit.arrivedAt) + 5000) },
            greeter,
          );
          expect(done.status).toBe(200);
          expect(done.body.visit.rules[0].outcome).toBe('breached');
          return r.body.visit.id as string;
        }),
      );
      for (const id of ids) {
        await staff.waitFor(() => staff.alerts.find((a) => a.alert.visitId === id && a.alert.kind === 'resolved'));
        const pushed = staff.alerts.filter((a) => a.alert.visitId === id && a.alert.kind === 'breach');
        expect(pushed).toHaveLength(1);
        expect(pushed[0]!.alert.late).toBe(true);
        // The breach came before its resolution.
        expect(staff.alerts.findIndex((a) => a.alert.visitId === id && a.alert.kind === 'breach')).toBeLessThan(
          staff.alerts.findIndex((a) => a.alert.visitId === id && a.alert.kind === 'resolved'),
        );
      }
      const day = localDay(Date.now(), 'Asia/Shanghai');
      const stored = (await http.get(`/branches/t1/alerts?date=${day}`, manager)).body.alerts as any[];
      for (const id of ids) expect(stored.filter((a) => a.visitId === id && a.kind === 'breach')).toHaveLength(1);
      staff.close();
    });
  }
});
