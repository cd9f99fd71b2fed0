/**
 * GET /api/v1/branches/:branch/staffing on a real server (docs/staffing.md, Advice): five weeks of the same
 * day imported through the import route, so the forecast is that day; the counts are Erlang C's with the
 * configured handle time; on duty comes from the duty board. Who may ask: the branch's manager and its wall.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erlangCServers } from '../../shared/staffing/erlang.ts';
import { addDays } from '../../shared/staffing/slots.ts';
import { localDay } from '../../shared/time.ts';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, testConfig, WALL_TOKEN } from '../support/config.ts';
import { startServer, TEST_STORE, type RunningServer } from '../support/server.ts';
import { importHistory, repeatingHistoryCsv } from '../support/staffing-history.ts';

const today = localDay(Date.now(), 'Asia/Shanghai');
const TEN = 10 * 60;
const PER_SLOT = 10;
const HANDLE = 120;

describe(`the staffing route on ${TEST_STORE}`, () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let manager: string;

  beforeAll(async () => {
    server = await startServer({
      config: {
        ...testConfig(),
        limits: { ...testConfig().limits, bodyBytes: 0 },
        staffing: { greetHandleSeconds: HANDLE, vipHandleSeconds: 300 },
      },
    });
    http = api(server.url);
    manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    await importHistory(
      server.url,
      't1',
      manager,
      repeatingHistoryCsv(today, [TEN, TEN + 15, TEN + 30, TEN + 45], PER_SLOT),
    );
    // The manager (a greeter too) and the VIP host go on duty.
    expect((await http.post('/branches/t1/duty', { status: 'on-duty' }, manager)).status).toBe(200);
    const vip = await http.login(STAFF.vipHost.staffId, STAFF.vipHost.pin);
    expect((await http.post('/branches/t1/duty', { status: 'on-duty' }, vip)).status).toBe(200);
  }, 120_000);
  afterAll(() => server.kill());

  it("gives a manager the DESIGN §7 shape for the branch's today, the forecast and Erlang C counts, on duty from the board", async () => {
    const r = await http.get('/branches/t1/staffing', manager);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ branch: 't1', date: today, objective: 0.99, slotMinutes: 15 });
    expect(r.body.slots).toHaveLength(96);
    const ten = r.body.slots[40];
    expect(ten.start).toBe(`${today}T10:00:00+08:00`);
    expect(ten.end).toBe(`${today}T10:15:00+08:00`);
    expect(ten.arrivals).toBeCloseTo(PER_SLOT, 6);
    const needed = erlangCServers((PER_SLOT / 900) * HANDLE, 300, HANDLE, 0.01);
    expect(needed).toBeGreaterThan(0);
    expect(ten.needed).toEqual({ greeters: needed, vipHosts: 0 });
    expect(r.body.slots[39]).toMatchObject({ arrivals: 0, needed: { greeters: 0, vipHosts: 0 } });
    // The slot under way and the rest of today count the board as it stands: m01 and v01 greet, v01 hosts VIPs.
    expect(r.body.slots[95].onDuty).toEqual({ greeters: 2, vipHosts: 1 });
  });

  it('answers a date asked for, leaves on duty out of a day ahead, and lets the branch wall read it', async () => {
    const tomorrow = addDays(today, 1);
    const r = await http.get(`/branches/t1/staffing?date=${tomorrow}`, WALL_TOKEN);
    expect(r.status).toBe(200);
    expect(r.body.date).toBe(tomorrow);
    expect(r.body.slots[40].arrivals).toBeCloseTo(PER_SLOT, 6);
    expect(r.body.slots.every((s: { onDuty?: unknown }) => s.onDuty === undefined)).toBe(true);
  });

  it('reads past days afresh after an import into them (the history is cached between requests)', async () => {
    const before = await http.get('/branches/t1/staffing', manager);
    expect(before.body.slots[56].arrivals).toBe(0); // 14:00: nothing in the history yet
    await http.get('/branches/t1/staffing', manager); // served from the cache
    await importHistory(server.url, 't1', manager, repeatingHistoryCsv(today, [14 * 60], PER_SLOT));
    const after = await http.get('/branches/t1/staffing', manager);
    expect(after.body.slots[56].arrivals).toBeCloseTo(PER_SLOT, 6);
  });

  it('refuses a greeter, a kiosk, another branch and no sign-in, and a bad date naming the field', async () => {
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    expect((await http.get('/branches/t1/staffing', greeter)).body.error.code).toBe('forbidden');
    expect((await http.get('/branches/t1/staffing', greeter)).status).toBe(403);
    expect((await http.get('/branches/t1/staffing', KIOSK_TOKEN)).status).toBe(403);
    expect((await http.get('/branches/t2/staffing', WALL_TOKEN)).status).toBe(403);
    expect((await http.get('/branches/t1/staffing')).status).toBe(401);
    for (const bad of ['2026-02-30', '20260301', 'tomorrow']) {
      const r = await http.get(`/branches/t1/staffing?date=${bad}`, manager);
      expect(r.status, bad).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid', field: 'date' });
    }
  });
});
