/**
 * The clocks that run by themselves — warnings and breaches, the escalation of an unanswered breach, the
 * close of day — on the real app and a real SQLite file in this process, with time faked: minutes and
 * whole days pass in an instant, and each alert is checked to the millisecond of its instant: a screen
 * connected a millisecond before does not have it, and is sent it at the instant. The same behaviour in
 * real time, across a SIGKILL and across processes, is in the core, crash and cluster tests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN } from '../support/config.ts';
import { startInProcess, type InProcess } from '../support/in-process.ts';
import { startReceiver } from '../support/receivers.ts';
import { localInstant } from '../../shared/time.ts';
import type { Alert } from '../../shared/types.ts';

const TZ = 'Asia/Shanghai';
/** A Monday morning in the hall, 09:00 local time. */
const T0 = localInstant('2026-03-02', '09:00', TZ);
const iso = (ms: number) => new Date(ms).toISOString();

let hall: InProcess | undefined;
afterEach(async () => {
  await hall?.close();
  hall = undefined;
});

async function checkIn(h: InProcess, body: Record<string, unknown> = { line: 'life' }) {
  const r = await h.http.post('/branches/t1/visits', body, KIOSK_TOKEN);
  expect(r.status).toBe(201);
  return r.body.visit as { id: string; arrivedAt: string };
}

/** The day's alerts of one visit as the manager's list has them (kind and rule, in the order they fired). */
async function listed(h: InProcess, visitId: string): Promise<Alert[]> {
  const manager = await h.http.login(STAFF.manager.staffId, STAFF.manager.pin);
  const r = await h.http.get('/branches/t1/alerts', manager);
  expect(r.status).toBe(200);
  return (r.body.alerts as Alert[]).filter((a) => a.visitId === visitId);
}
const kinds = (alerts: Alert[]) => alerts.map((a) => `${a.rule}:${a.kind}`);

describe('warnings and breaches on the clock', () => {
  it('warn at 80 % and breach at the target, on the instant and never a millisecond early, once', async () => {
    // Escalation off (0), so that after the breach nothing at all is due for this customer.
    hall = await startInProcess(T0, { receptionSeconds: 300, extra: { alerts: { escalateAfterMinutes: 0 } } });
    const v = await checkIn(hall);
    expect(v.arrivedAt).toBe(iso(T0));

    const warn = await hall.across(WALL_TOKEN, T0 + 240_000);
    // The screens set their clocks by the server's, which is the app's injected clock.
    expect(warn.serverNow).toBe(T0 + 240_000 - 1);
    expect(warn.snapshot.serverTime).toBe(iso(T0 + 240_000 - 1));
    expect(warn.snapshot.alerts).toEqual([]);
    expect(warn.due.alerts).toEqual([
      expect.objectContaining({
        kind: 'warning',
        rule: 'reception',
        visitId: v.id,
        dueAt: iso(T0 + 240_000),
        firedAt: iso(T0 + 240_000),
        clockDueAt: iso(T0 + 300_000),
        late: false,
      }),
    ]);

    const breach = await hall.across(WALL_TOKEN, T0 + 300_000);
    expect(kinds(breach.snapshot.alerts)).toEqual(['reception:warning']);
    expect(breach.due.alerts).toEqual([
      expect.objectContaining({ kind: 'breach', visitId: v.id, firedAt: iso(T0 + 300_000), late: false }),
    ]);

    // Half an hour on, nothing more has fired for that clock.
    await hall.advance(1800_000);
    expect(kinds(await listed(hall, v.id))).toEqual(['reception:warning', 'reception:breach']);
  });

  it("a VIP's own clock runs beside reception's; a greeting and a VIP host stop them, nothing fires after", async () => {
    hall = await startInProcess(T0, { receptionSeconds: 300, vipSeconds: 180 });
    const greeter = await hall.http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const host = await hall.http.login(STAFF.vipHost.staffId, STAFF.vipHost.pin);
    const vip = await checkIn(hall, { line: 'life', vip: {} });
    const plain = await checkIn(hall);

    const warn = await hall.across(WALL_TOKEN, T0 + 144_000); // 80 % of the VIP's 3 minutes
    expect(warn.due.alerts).toEqual([
      expect.objectContaining({ kind: 'warning', rule: 'vip-reception', visitId: vip.id, late: false }),
    ]);
    expect((await hall.http.post(`/branches/t1/visits/${plain.id}/greet`, {}, greeter)).status).toBe(200);
    expect((await hall.http.post(`/branches/t1/visits/${vip.id}/greet`, {}, host)).status).toBe(200);

    await hall.advance(1800_000);
    expect(await listed(hall, plain.id)).toEqual([]);
    expect(await listed(hall, vip.id)).toEqual([
      expect.objectContaining({
        kind: 'warning',
        rule: 'vip-reception',
        resolvedAt: iso(T0 + 144_000),
        resolvedReason: 'greeted',
      }),
    ]);
  });
});

describe('escalation of an unanswered breach', () => {
  const ESCALATE_MINUTES = 10;
  const options = { receptionSeconds: 60, extra: { alerts: { escalateAfterMinutes: ESCALATE_MINUTES } } };
  const breachAt = T0 + 60_000;
  const escalateAt = breachAt + ESCALATE_MINUTES * 60_000;

  it('climbs exactly escalateAfterMinutes after the breach, once; an acknowledged breach does not', async () => {
    hall = await startInProcess(T0, options);
    const manager = await hall.http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const ignored = await checkIn(hall);
    const handled = await checkIn(hall);

    await hall.advanceTo(breachAt + 5 * 60_000);
    const breach = (await listed(hall, handled.id)).find((a) => a.kind === 'breach')!;
    expect(breach.firedAt).toBe(iso(breachAt));
    const ack = `/branches/t1/alerts/${encodeURIComponent(breach.id)}/ack`;
    expect((await hall.http.post(ack, { note: '已安排李强接待' }, manager)).status).toBe(200);

    const climb = await hall.across(WALL_TOKEN, escalateAt);
    expect(climb.snapshot.alerts.filter((a) => a.kind === 'escalation')).toEqual([]);
    expect(climb.due.alerts).toEqual([
      expect.objectContaining({
        kind: 'escalation',
        visitId: ignored.id,
        rule: 'reception',
        dueAt: iso(escalateAt),
        firedAt: iso(escalateAt),
        late: false,
      }),
    ]);

    await hall.advance(3 * ESCALATE_MINUTES * 60_000);
    expect(kinds(await listed(hall, ignored.id))).toEqual([
      'reception:warning',
      'reception:breach',
      'reception:escalation',
    ]);
    expect(kinds(await listed(hall, handled.id))).toEqual(['reception:warning', 'reception:breach']);
  });

  it('does not climb when the customer is greeted before it falls due', async () => {
    hall = await startInProcess(T0, options);
    const greeter = await hall.http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const v = await checkIn(hall);
    await hall.advanceTo(escalateAt - 60_000);
    expect((await hall.http.post(`/branches/t1/visits/${v.id}/greet`, {}, greeter)).status).toBe(200);
    await hall.advance(2 * ESCALATE_MINUTES * 60_000);
    expect(kinds(await listed(hall, v.id))).toEqual(['reception:warning', 'reception:breach']);
  });
});

describe('close of day', () => {
  const closing = (day: string) => localInstant(day, '18:00', TZ);
  const report = async (h: InProcess, day: string) => {
    const manager = await h.http.login(STAFF.manager.staffId, STAFF.manager.pin);
    return (await h.http.get(`/branches/t1/reports/daily?date=${day}`, manager)).body;
  };
  const staffToken = (h: InProcess) => h.http.login(STAFF.greeter.staffId, STAFF.greeter.pin);

  it("closes the customers still waiting at the branch's closing instant and freezes the day, then the next", async () => {
    hall = await startInProcess(T0, { closes: '18:00', receptionSeconds: 300 });
    const monday = await checkIn(hall);
    await hall.advanceTo(closing('2026-03-02') - 3600_000);
    expect((await report(hall, '2026-03-02')).revision).toBeNull();

    const first = await hall.across(await staffToken(hall), closing('2026-03-02'));
    expect(first.snapshot.visits.map((v) => v.id)).toEqual([monday.id]); // still waiting a millisecond before
    expect(first.due.visits).toEqual([
      expect.objectContaining({ id: monday.id, state: 'closed', endedAt: iso(closing('2026-03-02')) }),
    ]);
    const frozen = await report(hall, '2026-03-02');
    expect(frozen).toMatchObject({ revision: 1, arrivals: 1 });
    expect(frozen.revisions).toEqual([expect.objectContaining({ revision: 1, reason: 'close-of-day' })]);

    // The first close planned the next: a customer of Tuesday is closed at Tuesday's 18:00.
    await hall.advanceTo(localInstant('2026-03-03', '09:30', TZ));
    const tuesday = await checkIn(hall);
    const second = await hall.across(await staffToken(hall), closing('2026-03-03'));
    expect(second.due.visits).toEqual([
      expect.objectContaining({ id: tuesday.id, state: 'closed', endedAt: iso(closing('2026-03-03')) }),
    ]);
    expect(await report(hall, '2026-03-03')).toMatchObject({ revision: 1, arrivals: 1 });
  });
});

describe('the close-of-day digest', () => {
  it('is posted once to the channels that ask for digests when the day closes, naming its breaches', async () => {
    const daily = await startReceiver('webhook', { secret: 'digest-webhook-secret' });
    try {
      // Ten minutes before closing: the dispatcher looks at its outbox every 200 ms of (faked) time.
      hall = await startInProcess(localInstant('2026-03-02', '17:50', TZ), {
        closes: '18:00',
        receptionSeconds: 300,
        extra: {
          notify: {
            channels: [
              { id: 'daily', kind: 'webhook', url: daily.url, secret: 'digest-webhook-secret', events: ['digest'] },
            ],
          },
        },
      });
      const late = await checkIn(hall);
      await hall.advanceTo(localInstant('2026-03-02', '18:00', TZ) + 1000);
      // The dispatcher's rounds run on the faked clock; the post itself is real HTTP to the receiver.
      for (let i = 0; i < 200 && daily.posts.length === 0; i++) {
        await hall.advance(200);
        await new Promise((r) => setImmediate(r));
      }
      expect(daily.posts).toHaveLength(1);
      const post = daily.posts[0]!;
      expect(post.verified).toBe(true);
      const text = (post.body as { text: string }).text;
      expect(text).toContain('测试营业厅');
      expect(text).toContain('2026-03-02');
      // The customer never greeted is the day's breach, named by ticket.
      expect(text).toContain((late as unknown as { ticket: string }).ticket);
      // Once per branch and day: a restart's catch-up (takeOver) queues nothing new.
      await hall.app.notifier.send(
        {
          event: 'digest',
          branch: 't1',
          branchName: { zh: '测试营业厅', en: 'Test Hall' },
          lines: [],
          text: { zh: 'x', en: 'x' },
          wallUrl: null,
        },
        { key: 't1:2026-03-02' },
      );
      await hall.advance(2000);
      expect(daily.posts).toHaveLength(1);
    } finally {
      await daily.close();
    }
  });
});

describe("a staff sign-in's end", () => {
  it("drops the tablet's live connection at the instant the sign-in ends, on the app's clock", async () => {
    hall = await startInProcess(T0, {
      extra: { limits: { checkInsPerMinutePerDevice: 0, loginAttemptsPerMinute: 0, sessionMinutes: 1 } },
    });
    const token = await hall.http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    await hall.advanceTo(T0 + 60_000 - 1);
    const tablet = await hall.listen(token);
    const dropped = new Promise<number>((resolve) => tablet.socket.once('disconnect', () => resolve(Date.now())));
    await hall.advance(1);
    expect(await dropped).toBe(T0 + 60_000);
    expect((await hall.http.get('/branches/t1/visits', token)).status).toBe(401);
  });
});
