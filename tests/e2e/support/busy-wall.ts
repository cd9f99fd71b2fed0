/**
 * A busy hour for the wall, driven through the real API of a real server: 45 customers waiting, 15 of
 * them over the 240 s reception target (five of those fall due a few seconds into the test), VIPs
 * with both clocks running (VIP target 120 s), special needs, breaches that escalate, and seven calls
 * to counters. Real targets, scaled down in time instead: arrivals are replayed with `occurredAt` in
 * the past (as a kiosk that was offline does), so the clocks are minutes old the moment the test
 * starts. The branch's time zone is chosen so that its local time is mid-day whatever the hour the
 * test runs, inside opening hours 09:00–17:30 (the charts must show those hours only).
 */
import { api } from '../../support/api.ts';
import { KIOSK_TOKEN, STAFF, testConfig } from '../../support/config.ts';
import { startServer, type RunningServer } from '../../support/server.ts';

const RECEPTION_S = 240;
const VIP_S = 120;
const OPENS = '09:00';
const CLOSES = '17:30';
/** Breaches nobody acknowledges escalate this long after they fire (15 s). */
const ESCALATE_MINUTES = 0.25;
/** Waiting customers in the busy hour, and how many of them are (or within seconds will be) over time. */
export const WAITING = 45;
export const BREACHED = 15;
/** The hall's host name as the wall's browser opens it (mapped to 127.0.0.1 by Chromium's resolver). */
const HALL_HOST = 'hall.yingbin.test';
export const HALL_BROWSER_ARGS = [`--host-resolver-rules=MAP ${HALL_HOST} 127.0.0.1`];

export interface BusyWall {
  server: RunningServer;
  http: ReturnType<typeof api>;
  /** The wall's address by the hall's host name (plain HTTP, not a secure context). */
  hallUrl: string;
  timeZone: string;
  greeter: string;
  counter: string;
  /** Tickets called to counters during setup, in call order. */
  calls: { ticket: string; counter: string }[];
  /** Checks in `n` customers and calls each to a counter in turn (completing the one before there): the calls in order. */
  callMore(n: number): Promise<{ ticket: string; counter: string }[]>;
}

/** An IANA zone in which it is now about noon: Etc/GMT-N is UTC+N (the sign is inverted by POSIX). */
export function noonZone(now = Date.now()): string {
  const offset = 12 - new Date(now).getUTCHours(); // -11 … +12
  if (offset === 0) return 'Etc/GMT';
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

export async function startBusyWall(): Promise<BusyWall> {
  const timeZone = noonZone();
  const server = await startServer({
    config: testConfig({
      receptionSeconds: RECEPTION_S,
      vipSeconds: VIP_S,
      warnAt: [0.8],
      timeZone,
      opens: OPENS,
      closes: CLOSES,
      extra: { alerts: { escalateAfterMinutes: ESCALATE_MINUTES } },
    }),
  });
  const http = api(server.url);
  const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
  const counter = await http.login(STAFF.counter.staffId, STAFF.counter.pin);
  const lines = ['property', 'life', 'pension'];
  let n = 0;
  const checkIn = async (secondsAgo: number, extra: { vip?: boolean; needs?: string[] } = {}) => {
    const body = {
      line: lines[n++ % 3],
      occurredAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
      ...(extra.vip ? { vip: { memberNo: `62220200${String(n).padStart(8, '0')}` } } : {}),
      ...(extra.needs ? { specialNeeds: extra.needs } : {}),
    };
    const r = await http.post('/branches/t1/visits', body, KIOSK_TOKEN);
    if (r.status !== 201) throw new Error(`check-in: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.visit as { id: string; ticket: string };
  };
  const must = async (p: Promise<{ status: number; body: unknown }>) => {
    const r = await p;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  };

  // 10 over time already (two VIPs over both targets, two with special needs).
  for (let i = 0; i < 10; i++)
    await checkIn(260 + 12 * i, { vip: i === 1 || i === 6, ...(i === 3 || i === 8 ? { needs: ['elderly'] } : {}) });
  // 5 falling due 6–18 s from now: breaches that happen while the test watches.
  for (let i = 0; i < 5; i++) await checkIn(RECEPTION_S - (6 + 3 * i), i === 2 ? { needs: ['pregnant'] } : {});
  // 4 VIPs with both clocks running.
  for (let i = 0; i < 4; i++) await checkIn(20 + 5 * i, { vip: true, ...(i === 0 ? { needs: ['disability'] } : {}) });
  // 2 VIPs greeted by a greeter who is not a VIP host: only their VIP clock runs on.
  for (let i = 0; i < 2; i++) {
    const v = await checkIn(40 + 5 * i, { vip: true });
    await must(http.post(`/branches/t1/visits/${v.id}/greet`, {}, greeter));
  }
  // 10 greeted in time: waiting for a counter, no clock open.
  for (let i = 0; i < 10; i++) {
    const v = await checkIn(100 + 4 * i);
    await must(http.post(`/branches/t1/visits/${v.id}/greet`, {}, greeter));
  }
  // 14 just arrived, clocks running (four with special needs).
  for (let i = 0; i < 14; i++)
    await checkIn(5 * i, i % 4 === 1 ? { needs: [['pregnant', 'elderly', 'disability', 'other'][i % 4]!] } : {});

  const counters = ['1', '2', '3'];
  const atCounter = new Map<string, string>();
  let calls = 0;
  const callMore = async (count: number, complete: boolean) => {
    const made: { ticket: string; counter: string }[] = [];
    for (let i = 0; i < count; i++) {
      const c = counters[calls++ % 3]!;
      const previous = atCounter.get(c);
      if (previous && complete) {
        await must(http.post(`/branches/t1/visits/${previous}/start`, {}, counter));
        await must(http.post(`/branches/t1/visits/${previous}/complete`, {}, counter));
      }
      const v = await checkIn(30);
      await must(http.post(`/branches/t1/visits/${v.id}/call`, { counter: c }, counter));
      atCounter.set(c, v.id);
      made.push({ ticket: v.ticket, counter: c });
    }
    return made;
  };
  // Seven calls left open (called, not yet served), so a wall opened now finds them in its snapshot.
  const setupCalls = await callMore(7, false);
  return {
    server,
    http,
    hallUrl: `http://${HALL_HOST}:${server.port}`,
    timeZone,
    greeter,
    counter,
    calls: setupCalls,
    callMore: (count) => callMore(count, true),
  };
}
