/**
 * 请工作人员协助 (issue 19 item 4): a kiosk check-in with `helpRequested` is a visit with the special need
 * `assistance` and the flag, pushed at once to the branch's staff, and — being a special need — starts the
 * branch's configured `appliesTo: special-needs` rule by the rules-as-data path, with no rule code of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Visit } from '../../shared/types.ts';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { listen, type Listener } from '../support/socket.ts';
import { THIRD_RULE, specialNeedsHelp } from '../support/third-rule.ts';

function config() {
  const c = testConfig();
  const t1 = c.branches[0]!;
  t1.rules = { ...t1.rules, 'special-needs-help': specialNeedsHelp(120) } as typeof t1.rules;
  return c;
}

describe('a customer asking for help at the kiosk', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let greeter: string;
  let staff: Listener;
  let otherBranch: Listener;

  beforeAll(async () => {
    server = await startServer({ config: config() });
    http = api(server.url);
    greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    staff = await listen(server.url, greeter);
    otherBranch = await listen(server.url, await http.login(STAFF.otherBranch.staffId, STAFF.otherBranch.pin));
  });
  afterAll(async () => {
    staff.close();
    otherBranch.close();
    await server.kill();
  });

  it("is checked in with the special need `assistance` and the flag, and the special-needs rule's clock runs", async () => {
    const r = await http.post('/branches/t1/visits', { line: 'life', helpRequested: true }, KIOSK_TOKEN, 'help-1');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const visit = r.body.visit as Visit;
    expect(visit.helpRequested).toBe(true);
    expect(visit.specialNeeds).toEqual(['assistance']);
    const clock = visit.rules.find((c) => c.id === THIRD_RULE.id);
    expect(clock).toMatchObject({ outcome: 'running', targetSeconds: 120, name: THIRD_RULE.name });
    expect(Date.parse(clock!.dueAt) - Date.parse(clock!.startedAt)).toBe(120_000);
    expect(clock!.startedAt).toBe(visit.arrivedAt);

    // Every staff tablet of the branch hears it as it happens; another branch's does not.
    const pushed = await staff.waitFor(() => staff.visits.find((e) => e.visit.id === visit.id)?.visit);
    expect(pushed.helpRequested).toBe(true);
    expect(pushed.specialNeeds).toEqual(['assistance']);
    expect(otherBranch.visits.some((e) => e.visit.id === visit.id)).toBe(false);

    // The visit keeps it: the visit's history, the open list and a reconnecting tablet's snapshot.
    const details = await http.get(`/branches/t1/visits/${visit.id}`, greeter);
    expect(details.body.visit.helpRequested).toBe(true);
    expect(details.body.events[0].payload).toMatchObject({ helpRequested: true, specialNeeds: ['assistance'] });
    const open = (await http.get('/branches/t1/visits', greeter)).body.visits as Visit[];
    expect(open.find((v) => v.id === visit.id)?.helpRequested).toBe(true);
    const later = await listen(server.url, greeter);
    expect(later.snapshots[0]!.visits.find((v) => v.id === visit.id)?.helpRequested).toBe(true);
    later.close();

    // A greeting in time meets the clock, as for any special need.
    const greeted = await http.post(`/branches/t1/visits/${visit.id}/greet`, {}, greeter);
    expect(greeted.status).toBe(200);
    expect((greeted.body.visit as Visit).rules.find((c) => c.id === THIRD_RULE.id)?.outcome).toBe('met');
  });

  it('keeps needs the customer ticked beside `assistance`, once each', async () => {
    const r = await http.post(
      '/branches/t1/visits',
      { line: 'pension', specialNeeds: ['elderly', 'assistance'], helpRequested: true },
      KIOSK_TOKEN,
    );
    expect(r.status).toBe(201);
    expect(r.body.visit.specialNeeds).toEqual(['elderly', 'assistance']);
    expect(r.body.visit.helpRequested).toBe(true);
  });

  it('a check-in without the flag has neither, and the special-needs clock only for a ticked need', async () => {
    const plain = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit as Visit;
    expect(plain.helpRequested).toBeUndefined();
    expect(plain.rules.map((c) => c.id)).not.toContain(THIRD_RULE.id);
  });

  it("flags a visit already checked in (the ticket screen's button): the need and the flag, pushed to staff", async () => {
    const visit = (
      await http.post('/branches/t1/visits', { line: 'property', specialNeeds: ['pregnant'] }, KIOSK_TOKEN)
    ).body.visit as Visit;
    expect(visit.helpRequested).toBeUndefined();
    const r = await http.post(`/branches/t1/visits/${visit.id}/help`, {}, KIOSK_TOKEN, 'help-later-1');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.visit).toMatchObject({ helpRequested: true, specialNeeds: ['pregnant', 'assistance'] });
    const pushed = await staff.waitFor(
      () => staff.visits.find((e) => e.visit.id === visit.id && e.visit.helpRequested)?.visit,
    );
    expect(pushed.specialNeeds).toEqual(['pregnant', 'assistance']);
    // The same key again is the same request, answered alike; a wall may not ask; an ended visit cannot.
    const again = await http.post(`/branches/t1/visits/${visit.id}/help`, {}, KIOSK_TOKEN, 'help-later-1');
    expect(again.body).toEqual(r.body);
    expect((await http.post(`/branches/t1/visits/${visit.id}/help`, {}, WALL_TOKEN)).status).toBe(403);
    expect((await http.post(`/branches/t1/visits/${visit.id}/cancel`, {}, greeter)).status).toBe(200);
    const ended = await http.post(`/branches/t1/visits/${visit.id}/help`, {}, KIOSK_TOKEN);
    expect(ended.status).toBe(409);
    expect(ended.body.error.code).toBe('visit-ended');
  });

  it('refuses a malformed flag with a 400 naming it, and writes nothing', async () => {
    const before = (await http.get('/branches/t1/visits?state=all', greeter)).body.visits.length;
    for (const helpRequested of [false, 'yes', 1]) {
      const r = await http.post('/branches/t1/visits', { line: 'life', helpRequested }, KIOSK_TOKEN);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid', field: 'helpRequested' });
    }
    expect((await http.get('/branches/t1/visits?state=all', greeter)).body.visits.length).toBe(before);
  });
});
