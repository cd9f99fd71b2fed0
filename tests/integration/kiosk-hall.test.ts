/**
 * What the kiosk relies on from the server when the hall is busy and the network is not: the offline
 * number the customer holds stays with the visit, "N ahead of you" counts the real call order, and a
 * kept check-in refused for good reaches staff instead of vanishing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { listen } from '../support/socket.ts';
import type { KioskRefusal } from '../../shared/types.ts';

let server: RunningServer;
let http: ReturnType<typeof api>;
let greeter: string;
let manager: string;

beforeAll(async () => {
  server = await startServer({ receptionSeconds: 300, vipSeconds: 180 });
  http = api(server.url);
  greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
  manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
});
afterAll(async () => server?.kill());

const checkIn = (body: Record<string, unknown>, key = randomUUID()) =>
  http.post('/branches/t1/visits', body, KIOSK_TOKEN, key);

describe('the provisional number the customer holds', () => {
  it('is kept beside the ticket, shown to staff live, and found by "VIP later"', async () => {
    const staff = await listen(server.url, greeter);
    const occurredAt = new Date(Date.now() - 60_000).toISOString();
    const r = await checkIn({ line: 'property', occurredAt, provisionalTicket: '临-001' });
    expect(r.status).toBe(201);
    expect(r.body.visit).toMatchObject({ provisionalTicket: '临-001', ticket: expect.stringMatching(/^A\d{3}$/) });
    const pushed = await staff.waitFor(() => staff.visits.find((v) => v.visit.id === r.body.visit.id));
    expect(pushed.visit.provisionalTicket).toBe('临-001');
    staff.close();

    const again = await http.get(`/branches/t1/visits/${r.body.visit.id}`, greeter);
    expect(again.body.visit.provisionalTicket).toBe('临-001');
    const vip = await http.post(
      `/branches/t1/tickets/${encodeURIComponent('临-001')}/vip`,
      { memberNo: '12345678' },
      KIOSK_TOKEN,
      randomUUID(),
    );
    expect(vip.status).toBe(200);
    expect(vip.body.visit).toMatchObject({ id: r.body.visit.id, vip: true });
  });

  it('a live check-in has none, and a malformed one is refused without writing', async () => {
    const r = await checkIn({ line: 'life' });
    expect(r.body.visit.provisionalTicket).toBeNull();
    const before = (await http.get('/branches/t1/visits?state=all', greeter)).body.visits.length;
    const bad = await checkIn({ line: 'life', provisionalTicket: '=cmd()' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid', field: 'provisionalTicket' });
    expect((await http.get('/branches/t1/visits?state=all', greeter)).body.visits.length).toBe(before);
  });

  it('a live try that timed out and its kept resend with the 临- number are one visit', async () => {
    const key = randomUUID();
    const occurredAt = new Date().toISOString();
    const first = await checkIn({ line: 'pension', occurredAt }, key);
    const resend = await checkIn({ line: 'pension', occurredAt, provisionalTicket: '临-002' }, key);
    expect(resend.status).toBe(201);
    expect(resend.body.visit.id).toBe(first.body.visit.id);
  });
});

describe('people ahead, in the order counters really call', () => {
  it('counts VIPs and special needs of any line before an earlier arrival of my own line', async () => {
    const fresh = await startServer({ receptionSeconds: 300, vipSeconds: 180 });
    try {
      const h = api(fresh.url);
      const counter = await h.login(STAFF.counter.staffId, STAFF.counter.pin);
      const post = (body: Record<string, unknown>) => h.post('/branches/t1/visits', body, KIOSK_TOKEN, randomUUID());
      const earlier = await post({ line: 'property' });
      const mine = await post({ line: 'property' });
      await post({ line: 'life', vip: { memberNo: '12345678' } }); // a VIP of another line, after me
      await post({ line: 'pension', specialNeeds: ['elderly'] }); // special needs of another line, after me
      await post({ line: 'property' }); // an ordinary arrival after me: not ahead
      const ahead = async (id: string) =>
        (await h.get(`/branches/t1/lines/status?visit=${id}`, KIOSK_TOKEN)).body.ahead;
      expect(await ahead(mine.body.visit.id)).toBe(3);
      expect(await ahead(earlier.body.visit.id)).toBe(2);
      // The counters agree: three calls, then me.
      for (let i = 0; i < 3; i++)
        expect((await h.post('/branches/t1/counters/1/call-next', {}, counter, randomUUID())).status).toBe(200);
      expect(await ahead(mine.body.visit.id)).toBe(0);
      const call = await h.post('/branches/t1/counters/2/call-next', {}, counter, randomUUID());
      expect(call.body.visit.id).toBe(mine.body.visit.id);
      expect(await ahead(mine.body.visit.id)).toBeNull();
    } finally {
      await fresh.kill();
    }
  });
});

describe('a kept check-in refused for good', () => {
  const report = (key: string, token = KIOSK_TOKEN) =>
    http.post(
      '/branches/t1/kiosk-refusals',
      {
        key,
        provisionalTicket: '临-007',
        checkIn: {
          line: 'life',
          vip: { memberNo: '1234567890' },
          specialNeeds: ['pregnant'],
          occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        },
        refusal: { status: 409, code: 'hall-closed', message: 'the hall is open 09:00–17:00 (Asia/Shanghai)' },
      },
      token,
    );

  it("reaches staff live and in the day's list, once, with the member number masked", async () => {
    const staff = await listen(server.url, greeter);
    const got: KioskRefusal[] = [];
    staff.socket.on('kiosk-refusal', (r) => got.push(r));
    const key = `kept-${randomUUID()}`;
    const first = await report(key);
    expect(first.status).toBe(201);
    expect(first.body.refusal).toMatchObject({
      key,
      provisionalTicket: '临-007',
      line: 'life',
      vip: true,
      memberNo: '******7890',
      code: 'hall-closed',
      device: 'kiosk-1',
    });
    const pushed = await staff.waitFor(() => got[0]);
    expect(pushed.provisionalTicket).toBe('临-007');
    // The kiosk retries after a lost reply: the same report again is the same refusal, not a second one.
    const second = await report(key);
    expect(second.status).toBe(200);
    const list = (await http.get('/branches/t1/kiosk-refusals', manager)).body.refusals as KioskRefusal[];
    expect(list.filter((r) => r.key === key)).toHaveLength(1);
    expect(got).toHaveLength(1);
    staff.close();
  });

  it('is reported by a kiosk only, and read by staff only', async () => {
    expect((await report(`kept-${randomUUID()}`, greeter)).status).toBe(403);
    expect((await http.get('/branches/t1/kiosk-refusals', KIOSK_TOKEN)).status).toBe(403);
    const bad = await http.post('/branches/t1/kiosk-refusals', { key: 'short' }, KIOSK_TOKEN);
    expect(bad.status).toBe(400);
  });
});
