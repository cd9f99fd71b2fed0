/**
 * The report against the real server: a hand-built past day imported as CSV, its JSON and CSV figures
 * worked out by hand from docs/rules.md §3; manager-only access; close of day and a correction's revision.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { KIOSK_TOKEN, STAFF, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const run = promisify(execFile);
const HEADER =
  'external_id,line,arrived_at,vip_identified_at,greeted_at,greeted_by,greeted_by_role,called_at,service_started_at,completed_at,left_at,special_needs';
/** The hand-built day, 2024-03-01 in Shanghai (reception 300 s, VIP 180 s). */
const DAY_CSV = [
  HEADER,
  // met exactly at the target (300 s)
  'ext-1,property,2024-03-01T09:00:00+08:00,,2024-03-01T09:05:00+08:00,g01,greeter,,,2024-03-01T09:20:00+08:00,,',
  // breached by 1 s; the greeter's configured name begins with "=" (a formula if not escaped)
  'ext-2,property,2024-03-01T09:10:00+08:00,,2024-03-01T09:15:01+08:00,e01,greeter,,,2024-03-01T09:30:00+08:00,,',
  // left after 4 minutes without a greeting → excluded
  'ext-3,life,2024-03-01T10:00:00+08:00,,,,,,,,2024-03-01T10:04:00+08:00,',
  // VIP at arrival, received by a VIP host after 120 s → both clocks met
  'ext-4,life,2024-03-01T10:00:00+08:00,2024-03-01T10:00:00+08:00,2024-03-01T10:02:00+08:00,v01,vip-host,2024-03-01T10:05:00+08:00,2024-03-01T10:06:00+08:00,2024-03-01T10:20:00+08:00,,',
  // 23:59:30 local, greeted after midnight (210 s): a 03-01 visit, met
  'ext-5,pension,2024-03-01T23:59:30+08:00,,2024-03-02T00:03:00+08:00,g01,greeter,,,2024-03-02T00:30:00+08:00,,elderly;pregnant',
  // 00:00:10 local on 03-02 (still 03-01 in UTC): left after 20 minutes → breached on 03-02
  'ext-6,pension,2024-03-01T16:00:10Z,,,,,,,,2024-03-01T16:20:10Z,',
].join('\n');

function configWithFormulaName() {
  const c = testConfig();
  c.staff.push({ id: 'e01', name: '=1+2', branch: 't1', roles: ['greeter'], pin: '5555' });
  return c;
}

async function postCsv(url: string, token: string, csv: string, query = '') {
  const res = await fetch(`${url}/api/v1/branches/t1/import${query}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
    body: csv,
  });
  return { status: res.status, body: await res.json() };
}

describe('the report of an imported day', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let manager: string;

  beforeAll(async () => {
    server = await startServer({ config: configWithFormulaName() });
    http = api(server.url);
    manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const r = await postCsv(server.url, manager, DAY_CSV);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ rows: 6, imported: 6, alreadyImported: 0, bad: [], written: true });
  });
  afterAll(() => server.kill());

  it('gives the figures worked out by hand', async () => {
    const r = await http.get('/branches/t1/reports/daily?date=2024-03-01', manager);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ branch: 't1', date: '2024-03-01', timeZone: 'Asia/Shanghai', arrivals: 5 });
    // reception: met ext-1 (300, inclusive), ext-4 (120), ext-5 (210); breached ext-2 (301); excluded ext-3.
    // stopped: 120 210 300 301 → median rank 2 = 210, p90 rank ceil(3.6) = 4 = 301.
    expect(r.body.rules.reception).toEqual({
      eligible: 5,
      met: 3,
      breached: 1,
      excluded: 1,
      running: 0,
      compliance: { numerator: 3, denominator: 4 },
      timeToGreet: { median: 210, p90: 301, max: 301 },
    });
    expect(r.body.rules['vip-reception']).toEqual({
      eligible: 1,
      met: 1,
      breached: 0,
      excluded: 0,
      running: 0,
      compliance: { numerator: 1, denominator: 1 },
      timeToGreet: { median: 120, p90: 120, max: 120 },
    });
    expect(r.body.breaches).toEqual([
      expect.objectContaining({
        ticket: 'ext-2',
        line: 'property',
        rule: 'reception',
        arrivedAt: '2024-03-01T01:10:00.000Z',
        dueAt: '2024-03-01T01:15:00.000Z',
        greetedAt: '2024-03-01T01:15:01.000Z',
        lateBySeconds: 1,
        owner: 'e01',
        acknowledgedBy: null,
      }),
    ]);
    const hour = (h: number) => r.body.hours[h];
    expect([hour(9).arrivals, hour(9).breaches, hour(10).arrivals, hour(23).arrivals]).toEqual([2, 1, 2, 1]);
    expect(r.body.specialNeeds).toEqual([
      expect.objectContaining({ need: 'elderly', arrivals: 1 }),
      expect.objectContaining({ need: 'pregnant', arrivals: 1 }),
    ]);
    const g01 = r.body.staff.find((s: { staff: string }) => s.staff === 'g01');
    expect(g01).toMatchObject({ greetings: 2, customersOwned: 2, medianTimeToGreet: 210 }); // 210, 300 → lower middle
  });

  it('puts the after-midnight arrival on the next local day, and adds days in a range', async () => {
    const next = await http.get('/branches/t1/reports/daily?date=2024-03-02', manager);
    expect(next.body.arrivals).toBe(1);
    expect(next.body.rules.reception).toMatchObject({
      eligible: 1,
      breached: 1,
      compliance: { numerator: 0, denominator: 1 },
    });
    const range = await http.get('/branches/t1/reports/daily?from=2024-03-01&to=2024-03-02', manager);
    expect(range.body.rules.reception).toMatchObject({ eligible: 6, met: 3, breached: 2, excluded: 1 });
    expect(range.body.days.map((d: { date: string; arrivals: number }) => [d.date, d.arrivals])).toEqual([
      ['2024-03-01', 5],
      ['2024-03-02', 1],
    ]);
    const empty = await http.get('/branches/t1/reports/daily?date=2024-03-03', manager);
    expect(empty.body.rules.reception).toMatchObject({ eligible: 0, compliance: null });
  });

  it('exports the same figures as CSV with a BOM, and escapes formula cells', async () => {
    const res = await fetch(`${server.url}/api/v1/branches/t1/reports/daily?date=2024-03-01&format=csv`, {
      headers: { Authorization: `Bearer ${manager}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
    const reception = rows.find((row) => row[0] === '进厅5分钟内接待引导')!;
    expect(reception.slice(1)).toEqual(['5', '3', '1', '1', '0', '3/4 (75.0%)', '210', '301', '301']);
    const breach = rows.find((row) => row[0] === 'ext-2')!;
    expect(breach).toContain("'=1+2 (e01)");
    expect(breach).toContain('2024-03-01 09:15:01');
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it('adds nothing when the same file comes again', async () => {
    const r = await postCsv(server.url, manager, DAY_CSV);
    expect(r.body).toMatchObject({ imported: 0, alreadyImported: 6, written: true });
    const again = await http.get('/branches/t1/reports/daily?date=2024-03-01', manager);
    expect(again.body.arrivals).toBe(5);
  });

  it('reports bad rows by line and writes nothing, unless told to skip them', async () => {
    const csv = [
      HEADER,
      'ext-10,life,2024-03-04T09:00:00+08:00,,,,,,,2024-03-04T09:10:00+08:00,,',
      'ext-11,life,2024-03-04 09:00,,,,,,,2024-03-04T09:10:00+08:00,,',
      'ext-12,nosuchline,2024-03-04T09:00:00+08:00,,,,,,,2024-03-04T09:10:00+08:00,,',
    ].join('\n');
    const r = await postCsv(server.url, manager, csv);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('bad-rows');
    expect(r.body.result.bad).toEqual([
      { line: 3, reason: expect.stringContaining('arrived_at') },
      { line: 4, reason: expect.stringContaining('nosuchline') },
    ]);
    expect((await http.get('/branches/t1/reports/daily?date=2024-03-04', manager)).body.arrivals).toBe(0);
    const skip = await postCsv(server.url, manager, csv, '?skipBad=true');
    expect(skip.body).toMatchObject({ imported: 1, written: true });
    expect((await http.get('/branches/t1/reports/daily?date=2024-03-04', manager)).body.arrivals).toBe(1);
  });

  it('imports from the command line into the running server’s database, shown without a restart', async () => {
    const file = join(server.dir, 'cli.csv');
    writeFileSync(
      file,
      [
        HEADER,
        'cli-1,life,2024-03-05T09:00:00+08:00,,2024-03-05T09:01:00+08:00,g02,greeter,,,2024-03-05T09:10:00+08:00,,',
      ].join('\n'),
    );
    const env = {
      ...process.env,
      YINGBIN_DB: server.dbPath,
      YINGBIN_DATABASE_URL: server.databaseUrl ?? '',
      YINGBIN_CONFIG: server.configPath,
    };
    const out = await run(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', file, '--branch', 't1'], {
      env,
    });
    expect(out.stdout).toContain('1 visit(s) imported');
    const r = await http.get('/branches/t1/reports/daily?date=2024-03-05', manager);
    expect(r.body.rules.reception).toMatchObject({ met: 1, timeToGreet: { median: 60 } });
    // a bad file: exit status 1, the line and reason on stderr, nothing written
    writeFileSync(file, [HEADER, 'cli-2,life,,,,,,,,,,'].join('\n'));
    const bad = await run(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', file, '--branch', 't1'], {
      env,
    }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toContain('cli.csv:2: arrived_at is empty');
  });

  it('is for managers of the branch only', async () => {
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const other = await http.login(STAFF.otherBranch.staffId, STAFF.otherBranch.pin);
    expect((await http.get('/branches/t1/reports/daily?date=2024-03-01', greeter)).status).toBe(403);
    expect((await http.get('/branches/t1/reports/daily?date=2024-03-01', other)).status).toBe(403);
    expect((await http.get('/branches/t1/reports/daily?date=2024-03-01')).status).toBe(401);
    expect((await postCsv(server.url, greeter, DAY_CSV)).status).toBe(403);
    expect((await http.get('/branches/t1/reports/daily?date=2024-3-1', manager)).status).toBe(400);
  });
});

describe('close of day and revisions', () => {
  it('closes open visits at closing time, freezes the day, and a correction makes revision 2', async () => {
    // The test closes the branch at 00:01 Shanghai time; in the first minutes of the day, wait until that has passed.
    const [hh, mm] = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .format(new Date())
      .split(':')
      .map(Number) as [number, number];
    if (hh === 0 && mm < 2) await new Promise((r) => setTimeout(r, (2 - mm) * 60_000));
    let server = await startServer();
    const http = api(server.url);
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);
    const visit = (await http.post('/branches/t1/visits', { line: 'life' }, KIOSK_TOKEN)).body.visit;
    expect((await http.post(`/branches/t1/visits/${visit.id}/greet`, {}, greeter)).status).toBe(200);
    await server.kill();
    // The server was down at closing time: the branch now closes at 00:01, which has passed today.
    const config = JSON.parse(readFileSync(server.configPath, 'utf8'));
    config.branches[0].closes = '00:01';
    writeFileSync(server.configPath, JSON.stringify(config));
    server = await server.restart();
    try {
      const http2 = api(server.url);
      const manager = await http2.login(STAFF.manager.staffId, STAFF.manager.pin);
      const details = (await http2.get(`/branches/t1/visits/${visit.id}`, manager)).body;
      expect(details.visit.state).toBe('closed');
      const day =
        details.visit.arrivedAt &&
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(details.visit.arrivedAt));
      const frozen = (await http2.get(`/branches/t1/reports/daily?date=${day}`, manager)).body;
      expect(frozen.revision).toBe(1);
      expect(frozen.revisions).toEqual([expect.objectContaining({ revision: 1, reason: 'close-of-day', changes: [] })]);
      expect(frozen.rules.reception).toMatchObject({ met: 1, excluded: 0 });

      const greeted = details.events.find((e: { type: string }) => e.type === 'greeted');
      const c = await http2.post(
        `/branches/t1/visits/${visit.id}/correct`,
        { eventId: greeted.seq, reason: '误点接待' },
        manager,
      );
      expect(c.status).toBe(200);
      const revised = (await http2.get(`/branches/t1/reports/daily?date=${day}`, manager)).body;
      expect(revised.revision).toBe(2);
      expect(revised.rules.reception).toMatchObject({ met: 0, excluded: 1, compliance: null });
      expect(revised.revisions[1]).toMatchObject({
        revision: 2,
        reason: 'correction',
        changes: expect.arrayContaining([
          { what: 'reception.met', before: 1, after: 0 },
          { what: 'reception.compliance', before: '1/1', after: null },
        ]),
      });
      // The frozen revision 1 is still there as it was.
      const first = (await http2.get(`/branches/t1/reports/daily?date=${day}&revision=1`, manager)).body;
      expect(first.rules.reception).toMatchObject({ met: 1 });
    } finally {
      await server.kill();
    }
  }, 240_000);
});
