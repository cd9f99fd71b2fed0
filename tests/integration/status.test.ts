/**
 * The customer's status link (DESIGN §9, issue 19 items 1, 3 and 6) on the real server and store: the link
 * in the check-in's reply and again on a replay, what the customer is shown (and never shown), a link
 * dead after close of day, the rating once, and the per-address limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, testConfig } from '../support/config.ts';
import { editConfig, sleep } from '../support/live.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const LINK = /^\/s\/([A-Za-z0-9_-]{22,})$/;

describe('status links', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let clerk: string;
  const guide = {
    steps: { zh: ['取号等候', '窗口办理'], en: ['Take a ticket and wait', 'Served at a counter'] },
    papers: { zh: ['身份证', '保单'], en: ['ID card', 'Policy'] },
  };

  beforeAll(async () => {
    const config = testConfig();
    config.branches[0]!.lines[1] = { ...config.branches[0]!.lines[1]!, guide } as never;
    server = await startServer({ config: { ...config, limits: { ...config.limits, statusLookupsPerMinute: 0 } } });
    http = api(server.url);
    clerk = await http.login(STAFF.counter.staffId, STAFF.counter.pin);
  });
  afterAll(() => server.kill());

  const checkIn = async (body: Record<string, unknown> = { line: 'life' }, key?: string) => {
    const r = await http.post('/branches/t1/visits', body, KIOSK_TOKEN, key);
    expect(r.status).toBe(201);
    return r.body as { visit: { id: string; ticket: string }; statusUrl: string };
  };
  const token = (statusUrl: string) => LINK.exec(statusUrl)![1]!;
  const act = (id: string, action: string, body: unknown = {}) =>
    http.post(`/branches/t1/visits/${id}/${action}`, body, clerk);

  it('puts a link of at least 128 random bits in the check-in reply, the same one on a replayed check-in', async () => {
    const first = await checkIn({ line: 'life' }, 'status-link-replay-1');
    expect(first.statusUrl).toMatch(LINK);
    // base64url: 6 bits a character, so 22 characters or more carry at least 128 bits.
    expect(token(first.statusUrl).length).toBeGreaterThanOrEqual(22);
    const again = await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN, 'status-link-replay-1');
    expect(again.status).toBe(201);
    expect(again.body.visit.id).toBe(first.visit.id);
    expect(again.body.statusUrl).toBe(first.statusUrl);
    const other = await checkIn();
    expect(other.statusUrl).not.toBe(first.statusUrl);
  });

  it('shows the ticket, line, state, how many are ahead in call order, the guide — and no name or member number', async () => {
    const before = await checkIn({ line: 'property' });
    const vip = await checkIn({ line: 'pension', vip: { memberNo: '6222021234567890' } });
    const mine = await checkIn({ line: 'life' });
    const vipStatus = await http.get(`/status/${token(vip.statusUrl)}`);
    expect(vipStatus.status).toBe(200);
    const text = JSON.stringify(vipStatus.body);
    expect(text).not.toContain('7890');
    expect(text).not.toMatch(/memberNo|greetedBy|owner|王芳|张伟/);
    expect(vipStatus.body.ahead).toBe(0); // VIPs are called first (the branch's call order)

    const r = await http.get(`/status/${token(mine.statusUrl)}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      ticket: mine.visit.ticket,
      line: { id: 'life', name: { zh: '太平人寿', en: 'Taiping Life' } },
      state: 'waiting',
      counter: null,
      guide,
      rated: false,
      completed: false,
    });
    // Everyone waiting before this visit (earlier tests' too) is ahead, the VIP who came later as well.
    const all = (await http.get('/branches/t1/visits', clerk)).body.visits as { id: string }[];
    expect(r.body.ahead).toBe(all.length - 1);
    expect(Date.parse(r.body.serverTime)).not.toBeNaN();

    // Called to counter 2: the phone shows it; serving; done.
    expect((await act(mine.visit.id, 'call', { counter: '2' })).status).toBe(200);
    expect((await http.get(`/status/${token(mine.statusUrl)}`)).body).toMatchObject({
      state: 'called',
      counter: '2',
      ahead: null,
      estimatedWaitSeconds: null,
    });
    // With one call in the last half hour, the others now have an estimate: (ahead + 1) ÷ pace, in minutes.
    const b = (await http.get(`/status/${token(before.statusUrl)}`)).body;
    expect(b.estimatedWaitSeconds).toBe((b.ahead + 1) * 30 * 60);
    expect((await act(mine.visit.id, 'start', { counter: '2' })).status).toBe(200);
    expect((await http.get(`/status/${token(mine.statusUrl)}`)).body.state).toBe('serving');
    expect((await act(mine.visit.id, 'complete')).status).toBe(200);
    expect((await http.get(`/status/${token(mine.statusUrl)}`)).body).toMatchObject({ state: 'done', completed: true });

    // A visit that left is done as well, and was not served.
    const gone = await checkIn();
    await act(gone.visit.id, 'leave');
    expect((await http.get(`/status/${token(gone.statusUrl)}`)).body).toMatchObject({
      state: 'done',
      completed: false,
    });
  });

  it('serves the page only for a live link, never indexed, and answers a plain 404 otherwise', async () => {
    const { statusUrl } = await checkIn();
    const page = await fetch(`${server.url}${statusUrl}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-robots-tag')).toContain('noindex');
    for (const bad of ['/s/AAAAAAAAAAAAAAAAAAAAAAAA', '/s/x', `${statusUrl}x`]) {
      const p = await fetch(`${server.url}${bad}`);
      expect(p.status).toBe(404);
      expect(await p.text()).not.toMatch(/<html/i);
    }
    const unknown = await http.get('/status/AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not-found');
  });

  it('is dead after the close of the day it was issued for', async () => {
    // A check-in a kiosk kept offline yesterday, replayed now: its day closed at midnight, and its link with it.
    const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString();
    const late = await checkIn({ line: 'life', occurredAt: yesterday });
    expect(late.statusUrl).toMatch(LINK);
    expect((await http.get(`/status/${token(late.statusUrl)}`)).status).toBe(404);
    expect((await fetch(`${server.url}${late.statusUrl}`)).status).toBe(404);
    expect((await http.post(`/status/${token(late.statusUrl)}/rating`, { score: 5 })).status).toBe(404);
  });

  it('takes one rating after service: 201, then 409; 409 before service; 404 for an unknown link', async () => {
    const v = await checkIn();
    const t = token(v.statusUrl);
    const early = await http.post(`/status/${t}/rating`, { score: 5 });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('not-served');
    await act(v.visit.id, 'call', { counter: '1' });
    await act(v.visit.id, 'start', { counter: '1' });
    expect((await http.post(`/status/${t}/rating`, { score: 5 })).body.error.code).toBe('not-served');
    await act(v.visit.id, 'complete');

    const bad = await http.post(`/status/${t}/rating`, { score: 6 });
    expect(bad.status).toBe(400);
    const rated = await http.post(`/status/${t}/rating`, { score: 2, tags: ['long-wait'], comment: '等了很久' });
    expect(rated.status).toBe(201);
    expect(rated.body.rating).toMatchObject({ score: 2, tags: ['long-wait'], comment: '等了很久', via: 'phone' });
    const again = await http.post(`/status/${t}/rating`, { score: 5 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already-rated');
    expect((await http.get(`/status/${t}`)).body.rated).toBe(true);
    // Staff see the rating on the visit; the event names the customer's link, never its token.
    const details = (await http.get(`/branches/t1/visits/${v.visit.id}`, clerk)).body;
    expect(details.visit.rating).toMatchObject({ score: 2, via: 'phone' });
    expect(JSON.stringify(details.events)).not.toContain(t);

    expect((await http.post('/status/AAAAAAAAAAAAAAAAAAAAAAAA/rating', { score: 5 })).status).toBe(404);
  });

  it('limits lookups per address, the page and the API together, with a 429 that says why', async () => {
    const { statusUrl } = await checkIn();
    editConfig(server, (c) => (c.limits.statusLookupsPerMinute = 3));
    // The server re-reads its configuration within a second.
    let status = 200;
    for (let i = 0; i < 20 && status !== 429; i++) {
      await sleep(200);
      status = (await http.get(`/status/${token(statusUrl)}`)).status;
    }
    expect(status).toBe(429);
    const refused = await http.get(`/status/${token(statusUrl)}`);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'rate-limited', message: expect.stringMatching(/3 a minute/) });
    expect((await fetch(`${server.url}${statusUrl}`)).status).toBe(429);
    // Unknown tokens count too: guessing is no way around the limit.
    expect((await http.get('/status/AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(429);
  });
});
