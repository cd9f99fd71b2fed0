/**
 * Ratings given on the counter tablet (POST …/visits/:visitId/rating, staff of the branch, via `counter`)
 * reach the daily report's `satisfaction` in the JSON and the CSV with exact figures, and a 2-star rating
 * raises one `complaint` alert: stored once, heard once by a recording AlertSink, shown whole to a manager's
 * screen and without the comment or the colleague's name to the wall. A real server on a free port, its own
 * SQLite file — or, with YINGBIN_TEST_STORE=postgres (npm run test:postgres), a fresh PostgreSQL database.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createYingbin, type Yingbin } from '../../server/app.ts';
import type { AlertSink } from '../../server/alert-sink.ts';
import { loadConfig } from '../../server/config.ts';
import { localDay } from '../../shared/time.ts';
import type { Alert } from '../../shared/types.ts';
import { api, serveToTheEnd } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, WALL_TOKEN, testConfig, writeTestSetup } from '../support/config.ts';
import { createDatabase, startPostgres, type Engine } from '../support/engines.ts';
import { listen, type Listener } from '../support/socket.ts';
import { startServer } from '../support/server.ts';
import { readFileSync, writeFileSync } from 'node:fs';

const ON_POSTGRES = process.env.YINGBIN_TEST_STORE === 'postgres';

describe('satisfaction and complaints', () => {
  let yingbin: Yingbin;
  let http: ReturnType<typeof api>;
  let url: string;
  let postgres: Engine | undefined;
  let wall: Listener;
  let managerScreen: Listener;
  let clerk: string;
  let manager: string;
  let greeter: string;
  const heard: Alert[] = [];
  const recording: AlertSink = { name: 'recording', fired: (a) => void heard.push(a) };
  const visits: Record<string, { id: string; ticket: string }> = {};

  beforeAll(async () => {
    const setup = writeTestSetup(testConfig({ receptionSeconds: 1, warnAt: [0.5] }));
    if (ON_POSTGRES) postgres = await startPostgres();
    yingbin = await createYingbin({
      config: loadConfig(setup.configPath),
      dbPath: setup.dbPath,
      ...(postgres ? { databaseUrl: await createDatabase(postgres.url, `t_${randomBytes(5).toString('hex')}`) } : {}),
      alertSinks: [recording],
    });
    const port = await yingbin.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
    http = api(url);
    clerk = await http.login(STAFF.counter.staffId, STAFF.counter.pin);
    manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    wall = await listen(url, WALL_TOKEN);
    managerScreen = await listen(url, manager);

    // Two customers called at once (met), one called after waiting past the 1 s target (breached).
    const checkIn = async (line: string) =>
      (await http.post('/branches/t1/visits', { line }, KIOSK_TOKEN)).body.visit as { id: string; ticket: string };
    visits.late = await checkIn('life');
    await new Promise((r) => setTimeout(r, 1500));
    visits.quick = await checkIn('life');
    visits.other = await checkIn('property');
    visits.waiting = await checkIn('pension');
    for (const v of [visits.quick, visits.other, visits.late]) await serveToTheEnd(http, v.id, clerk);
  });
  afterAll(async () => {
    wall?.close();
    managerScreen?.close();
    await yingbin?.close();
    await postgres?.stop();
  });

  const rate = (id: string, body: unknown, token = clerk) => http.post(`/branches/t1/visits/${id}/rating`, body, token);

  it('takes a rating once, from staff of the branch, for a completed visit only', async () => {
    const given = await rate(visits.quick!.id, { score: 5, tags: ['friendly'] });
    expect(given.status).toBe(201);
    expect(given.body.visit.rating).toMatchObject({ score: 5, tags: ['friendly'], comment: null, via: 'counter' });
    expect((await rate(visits.quick!.id, { score: 1 })).status).toBe(409);
    expect((await rate(visits.quick!.id, { score: 1 })).body.error.code).toBe('already-rated');
    expect((await rate(visits.waiting!.id, { score: 4 })).body.error.code).toBe('not-served');
    const bad = await rate(visits.other!.id, { score: 6 });
    expect(bad.status).toBe(400);
    expect((await rate(visits.other!.id, { score: 4 }, WALL_TOKEN)).status).toBe(403);
    expect((await rate('no-such-visit', { score: 4 })).status).toBe(404);
    expect((await rate(visits.other!.id, { score: 4 }, greeter)).status).toBe(201);
  });

  it('a 2-star rating raises one complaint naming the ticket, the clerk and the comment', async () => {
    const comment = '等了很久，没人理我';
    expect((await rate(visits.late!.id, { score: 2, tags: ['long-wait'], comment })).status).toBe(201);
    const full = await managerScreen.waitFor(() => managerScreen.alerts.find((a) => a.alert.kind === 'complaint'));
    expect(full.alert).toMatchObject({
      kind: 'complaint',
      visitId: visits.late!.id,
      ticket: visits.late!.ticket,
      complaint: { score: 2, tags: ['long-wait'], comment, staff: { id: 'c01', name: '张伟' } },
      // What a notification channel's line names in place of a rule.
      ruleName: {
        zh: `客户投诉/差评 2星 · 办理：张伟 · “${comment}”`,
        en: `Complaint, 2 stars · served by 张伟 · "${comment}"`,
      },
    });
    // The wall hangs where customers see it: the ticket and the stars, never the words or the colleague.
    const shown = await wall.waitFor(() => wall.alerts.find((a) => a.alert.kind === 'complaint'));
    expect(shown.alert.ticket).toBe(visits.late!.ticket);
    expect(shown.alert.complaint).toEqual({ score: 2, tags: ['long-wait'], comment: null, staff: null });
    expect(shown.alert.ruleName).toEqual({ zh: '客户投诉/差评 2星', en: 'Complaint, 2 stars' });
    // The sinks (and through them the notification channels) hear it once, whole; higher scores raise none.
    expect(heard.filter((a) => a.kind === 'complaint')).toEqual([full.alert]);

    // It stays open (nothing about a finished visit closes it) for a manager who connects later…
    const before = await listen(url, manager);
    const opened = await before.waitFor(() => before.snapshots[0]);
    before.close();
    expect(opened.alerts.filter((a) => a.kind === 'complaint').map((a) => a.id)).toEqual([full.alert.id]);
    // …until a manager acknowledges it like a breach; then it is no longer open on a screen that connects.
    const ack = await http.post(
      `/branches/t1/alerts/${encodeURIComponent(full.alert.id)}/ack`,
      { note: '已致电' },
      manager,
    );
    expect(ack.status).toBe(200);
    expect(ack.body.alert).toMatchObject({ kind: 'complaint', acknowledgedBy: 'm01', note: '已致电' });
    const later = await listen(url, manager);
    const snap = await later.waitFor(() => later.snapshots[0]);
    later.close();
    expect(snap.alerts.filter((a) => a.kind === 'complaint')).toEqual([]);
    expect(heard.filter((a) => a.kind === 'complaint' || a.kind === 'escalation')).toHaveLength(1);
  });

  it("reaches the day's report JSON and CSV with exact figures", async () => {
    const day = localDay(Date.now(), 'Asia/Shanghai');
    const r = await http.get(`/branches/t1/reports/daily?date=${day}`, manager);
    expect(r.status).toBe(200);
    // quick 5 (met), other 4 (met), late 2 (breached): 11/3.
    expect(r.body.satisfaction).toEqual({
      responses: 3,
      average: 11 / 3,
      distribution: [0, 1, 0, 1, 1],
      byOutcome: {
        met: { responses: 2, average: 4.5, distribution: [0, 0, 0, 1, 1] },
        breached: { responses: 1, average: 2, distribution: [0, 1, 0, 0, 0] },
      },
      byStaff: [
        {
          staff: 'c01',
          responses: 3,
          average: 11 / 3,
          distribution: [0, 1, 0, 1, 1],
          byOutcome: {
            met: { responses: 2, average: 4.5, distribution: [0, 0, 0, 1, 1] },
            breached: { responses: 1, average: 2, distribution: [0, 1, 0, 0, 0] },
          },
        },
      ],
      byLine: [
        expect.objectContaining({ line: 'life', responses: 2, distribution: [0, 1, 0, 0, 1] }),
        expect.objectContaining({ line: 'property', responses: 1, distribution: [0, 0, 0, 1, 0] }),
      ],
    });

    const csv = await fetch(`${url}/api/v1/branches/t1/reports/daily?date=${day}&format=csv&lang=zh`, {
      headers: { Authorization: `Bearer ${manager}` },
    }).then((res) => res.text());
    const lines = csv.split('\r\n');
    const block = lines.indexOf('满意度');
    expect(block).toBeGreaterThan(0);
    expect(lines.slice(block + 1, block + 5)).toEqual([
      '客户,评价数,平均分（满分5分）,1星,2星,3星,4星,5星',
      '全部评价,3,3.66,0,1,0,1,1',
      '接待达标的客户,2,4.50,0,0,0,1,1',
      '有超时的客户,1,2.00,0,1,0,0,0',
    ]);
    expect(lines).toContain('张伟 (c01),3,3.66,0,1,0,1,1,4.50,2.00');
  });
});

describe('a rating given after the day closed', () => {
  it("revises that day's report (reason rating), the frozen revision kept", async () => {
    // The branch closes at 00:01 Shanghai time below; in the first minutes of the day, wait until that has passed.
    const now = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .format(new Date())
      .split(':')
      .map(Number);
    if (now[0] === 0 && now[1]! < 2) await new Promise((r) => setTimeout(r, (2 - now[1]!) * 60_000));
    let server = await startServer();
    const http = api(server.url);
    const clerk = await http.login(STAFF.counter.staffId, STAFF.counter.pin);
    const visit = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
    await serveToTheEnd(http, visit.id, clerk);
    await server.kill();
    // The branch now closes at 00:01, which has passed today: the day is frozen at restart.
    const config = JSON.parse(readFileSync(server.configPath, 'utf8'));
    config.branches[0].closes = '00:01';
    writeFileSync(server.configPath, JSON.stringify(config));
    server = await server.restart();
    try {
      const http2 = api(server.url);
      const manager = await http2.login(STAFF.manager.staffId, STAFF.manager.pin);
      const clerk2 = await http2.login(STAFF.counter.staffId, STAFF.counter.pin);
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(visit.arrivedAt));
      const frozen = (await http2.get(`/branches/t1/reports/daily?date=${day}`, manager)).body;
      expect(frozen.revision).toBe(1);
      expect(frozen.satisfaction.responses).toBe(0);

      expect((await http2.post(`/branches/t1/visits/${visit.id}/rating`, { score: 4 }, clerk2)).status).toBe(201);
      const revised = (await http2.get(`/branches/t1/reports/daily?date=${day}`, manager)).body;
      expect(revised.revision).toBe(2);
      expect(revised.satisfaction).toMatchObject({ responses: 1, average: 4, distribution: [0, 0, 0, 1, 0] });
      expect(revised.revisions[1]).toMatchObject({
        revision: 2,
        reason: 'rating',
        changes: [
          { what: 'satisfaction.responses', before: 0, after: 1 },
          { what: 'satisfaction.distribution', before: '0 0 0 0 0', after: '0 0 0 1 0' },
        ],
      });
      // The frozen revision is kept as it was.
      const first = (await http2.get(`/branches/t1/reports/daily?date=${day}&revision=1`, manager)).body;
      expect(first.satisfaction.responses).toBe(0);
    } finally {
      await server.kill();
    }
  });
});
