/**
 * A rule a branch adds in its configuration alone (docs/rules.md §6; the README's `special-needs-help`,
 * with targets of a few seconds for real time) clocks, warns and breaches on a real server — each alert
 * once, naming the rule — and only for the visits it applies to; a `stopsOn: complete` rule is met,
 * breached or excluded per §6.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { THIRD_RULE, specialNeedsHelp } from '../support/third-rule.ts';
import { listen, type Listener } from '../support/socket.ts';
import type { RuleClock, Visit } from '../../shared/types.ts';
import { localDay } from '../../shared/time.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const NAME = THIRD_RULE.name;
const SERVED = { zh: '养老业务3秒办结', en: 'Pension served within 3 seconds' };

function config() {
  const c = testConfig({ receptionSeconds: 60, vipSeconds: 60 });
  const t1 = c.branches[0]!;
  t1.rules = {
    ...t1.rules,
    'special-needs-help': specialNeedsHelp(2),
    // Ending any way but completion before due is excluded; completing after due, or not by due, breached.
    'pension-served': {
      name: SERVED,
      appliesTo: { lines: ['pension'] },
      startsOn: 'arrival',
      stopsOn: 'complete',
      targetSeconds: 3,
      warnAt: [0.5],
    },
  } as typeof t1.rules;
  return c;
}

describe('a third rule configured for the branch', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let greeter: string;
  let clerk: string;
  let staff: Listener;

  beforeAll(async () => {
    server = await startServer({ config: config() });
    http = api(server.url);
    greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    clerk = await http.login(STAFF.counter.staffId, STAFF.counter.pin);
    staff = await listen(server.url, greeter);
  });
  afterAll(async () => {
    staff.close();
    await server.kill();
  });

  const checkIn = async (body: Record<string, unknown>): Promise<Visit> => {
    const r = await http.post('/branches/t1/visits', body, KIOSK_TOKEN);
    expect(r.status).toBe(201);
    return r.body.visit as Visit;
  };
  const act = async (visit: Visit, action: string, body: Record<string, unknown> = {}, token = clerk) => {
    const r = await http.post(`/branches/t1/visits/${visit.id}/${action}`, body, token);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  const clock = async (visit: Visit, rule: string): Promise<RuleClock | undefined> => {
    const r = await http.get(`/branches/t1/visits/${visit.id}`, greeter);
    return (r.body.visit as Visit).rules.find((c) => c.id === rule);
  };
  const alertsOf = (visit: Visit, rule: string) =>
    staff.alerts.filter((a) => a.alert.visitId === visit.id && a.alert.rule === rule).map((a) => a.alert);

  it('gives a special-needs customer the clock, named as configured, whose warning and breach reach the staff once', async () => {
    const visit = await checkIn({ line: 'life', specialNeeds: ['disability'] });
    expect(visit.rules.map((r) => r.id)).toEqual(['reception', 'special-needs-help']);
    const rule = visit.rules[1]!;
    expect(rule).toMatchObject({ name: NAME, targetSeconds: 2, warnAt: [0.5], stopsOn: 'greet', outcome: 'running' });
    expect(Date.parse(rule.dueAt) - Date.parse(visit.arrivedAt)).toBe(2000);

    const breach = await staff.waitFor(() => alertsOf(visit, 'special-needs-help').find((a) => a.kind === 'breach'));
    const warning = alertsOf(visit, 'special-needs-help').find((a) => a.kind === 'warning')!;
    expect(Date.parse(warning.dueAt) - Date.parse(visit.arrivedAt)).toBe(1000);
    expect(Date.parse(breach.dueAt) - Date.parse(visit.arrivedAt)).toBe(2000);
    expect(breach.ruleName).toEqual(NAME);
    await sleep(1000); // anything sent twice would be here by now
    expect(alertsOf(visit, 'special-needs-help').map((a) => a.kind)).toEqual(['warning', 'breach']);
    expect(await clock(visit, 'special-needs-help')).toMatchObject({ outcome: 'breached' });
    // The built-in clock beside it runs on, untouched.
    expect(await clock(visit, 'reception')).toMatchObject({ outcome: 'running' });
    expect(alertsOf(visit, 'reception')).toEqual([]);
  });

  it('is met, with no alert after the greeting, when someone helps in time', async () => {
    const visit = await checkIn({ line: 'life', specialNeeds: ['pregnant'] });
    await act(visit, 'greet', {}, greeter);
    await sleep(2500);
    expect(await clock(visit, 'special-needs-help')).toMatchObject({ outcome: 'met', stoppedBy: 'g01' });
    expect(alertsOf(visit, 'special-needs-help').filter((a) => a.kind !== 'resolved')).toEqual([]);
  });

  it('gives a customer without special needs no such clock and no alert of it', async () => {
    const visit = await checkIn({ line: 'life' });
    expect(visit.rules.map((r) => r.id)).toEqual(['reception']);
    await sleep(2500);
    expect(await clock(visit, 'special-needs-help')).toBeUndefined();
    expect(staff.alerts.filter((a) => a.alert.visitId === visit.id)).toEqual([]);
  });

  it('stopsOn complete: met when completed by due, excluded when the customer leaves before it, breached when service runs past it', async () => {
    const done = await checkIn({ line: 'pension' });
    const left = await checkIn({ line: 'pension' });
    const slow = await checkIn({ line: 'pension' });
    expect(done.rules.map((r) => r.id)).toEqual(['reception', 'pension-served']);
    for (const v of [done, slow]) {
      await act(v, 'call', { counter: '1' });
      await act(v, 'start');
    }
    await act(done, 'complete');
    await act(left, 'leave', {}, greeter);

    await staff.waitFor(() => alertsOf(slow, 'pension-served').find((a) => a.kind === 'breach'));
    await sleep(1000);
    expect(await clock(done, 'pension-served')).toMatchObject({ outcome: 'met', stoppedBy: 'c01' });
    expect(await clock(left, 'pension-served')).toMatchObject({ outcome: 'excluded', stoppedAt: null });
    expect(await clock(slow, 'pension-served')).toMatchObject({ outcome: 'breached', stoppedAt: null });
    expect(alertsOf(slow, 'pension-served').map((a) => a.kind)).toEqual(['warning', 'breach']);
    expect(alertsOf(done, 'pension-served').filter((a) => a.kind === 'breach')).toEqual([]);
    expect(alertsOf(left, 'pension-served').filter((a) => a.kind === 'breach')).toEqual([]);
    // The reception clock of the same visits stopped at the call, as ever: one more stop kind changed nothing.
    expect(await clock(slow, 'reception')).toMatchObject({ outcome: 'met' });

    // Completed after its due instant: breached, not met.
    await act(slow, 'complete');
    expect(await clock(slow, 'pension-served')).toMatchObject({ outcome: 'breached', stoppedBy: 'c01' });
  });

  it('shows both configured rules in the daily report, with their figures and names', async () => {
    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const day = localDay(Date.now(), 'Asia/Shanghai');
    const r = (await http.get(`/branches/t1/reports/daily?date=${day}`, manager)).body;
    // Breached (nobody helped within 2 s) and met (greeted at once); the third check-in had no special needs.
    expect(r.rules['special-needs-help']).toMatchObject({
      eligible: 2,
      met: 1,
      breached: 1,
      excluded: 0,
      compliance: { numerator: 1, denominator: 2 },
    });
    // Completed in time, left before its due, completed after it.
    expect(r.rules['pension-served']).toMatchObject({ eligible: 3, met: 1, breached: 1, excluded: 1 });
    const list = r.ruleList as { id: string; name?: { zh: string; en: string } }[];
    expect(list.find((x) => x.id === 'special-needs-help')?.name).toEqual(NAME);
    expect(list.find((x) => x.id === 'pension-served')?.name).toEqual(SERVED);
  });
});
