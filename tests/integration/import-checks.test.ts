/**
 * Implausible import rows are refused like malformed ones, each with its line number and reason (issue
 * 15): dated in the future, dated before `import.earliestDate`, greeted by staff of another branch or in
 * a role they do not hold. A file with such rows writes nothing; `skipBad` writes only the good rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { STAFF, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const HEADER =
  'external_id,line,arrived_at,vip_identified_at,greeted_at,greeted_by,greeted_by_role,called_at,service_started_at,completed_at,left_at,special_needs';
/** Local Shanghai time as ISO with offset, `ms` from now (negative: past). */
const at = (ms: number) => new Date(Date.now() + ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

function visit(
  id: string,
  arrived: string,
  o: { greeted?: string; by?: string; role?: string; completed?: string } = {},
): string {
  return [
    id,
    'life',
    arrived,
    '',
    o.greeted ?? '',
    o.by ?? '',
    o.role ?? '',
    '',
    '',
    o.completed ?? '',
    o.completed ? '' : (o.greeted ?? arrived),
    '',
  ].join(',');
}

async function post(server: RunningServer, token: string, csv: string, query = '') {
  const res = await fetch(`${server.url}/api/v1/branches/t1/import${query}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
    body: csv,
  });
  return { status: res.status, body: await res.json() };
}

describe('implausible import rows', () => {
  let server: RunningServer;
  let manager: string;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    server = await startServer();
    http = api(server.url);
    manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  });
  afterAll(() => server.kill());

  const file = [
    HEADER,
    // line 2: the 1999 bank month's kind of row, greeted by an agent this configuration never had: fine
    visit('ok-1999', '1999-02-01T09:00:00+02:00', {
      greeted: '1999-02-01T09:02:00+02:00',
      by: 'DORIT',
      role: 'greeter',
      completed: '1999-02-01T09:10:00+02:00',
    }),
    // line 3: yesterday, greeted by a greeter of this branch: fine
    visit('ok-recent', at(-DAY), {
      greeted: at(-DAY + 60_000),
      by: 'g01',
      role: 'greeter',
      completed: at(-DAY + 600_000),
    }),
    visit('future-arrival', at(2 * DAY)),
    visit('future-end', at(-HOUR), { greeted: at(-HOUR + 60_000), by: 'g01', role: 'greeter', completed: at(DAY) }),
    visit('too-old', '1989-12-31T09:00:00+08:00'),
    visit('other-branch', at(-DAY), {
      greeted: at(-DAY + 60_000),
      by: 'x01',
      role: 'greeter',
      completed: at(-DAY + 600_000),
    }),
    visit('role-not-held', at(-DAY), {
      greeted: at(-DAY + 60_000),
      by: 'g01',
      role: 'vip-host',
      completed: at(-DAY + 600_000),
    }),
  ].join('\n');

  it('refuses the file with each implausible row named by line and reason, and writes nothing', async () => {
    const r = await post(server, manager, file);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('bad-rows');
    const bad = r.body.result.bad as { line: number; reason: string }[];
    expect(bad.map((b) => b.line)).toEqual([4, 5, 6, 7, 8]);
    expect(bad[0]!.reason).toMatch(/arrived_at lies in the future/);
    expect(bad[1]!.reason).toMatch(/completed_at lies in the future/);
    expect(bad[2]!.reason).toMatch(/before 1990-01-01.*import\.earliestDate/);
    expect(bad[3]!.reason).toMatch(/"x01" is staff of branch t2/);
    expect(bad[4]!.reason).toMatch(/"g01" does not hold the role vip-host/);
    const report = (await http.get('/branches/t1/reports/daily?from=1999-01-01&to=1999-12-31', manager)).body;
    expect(report.arrivals).toBe(0);
    expect((await http.get('/branches/t1/visits?state=all', manager)).body.visits).toEqual([]);
  });

  it('writes only the plausible rows with skipBad, naming the others', async () => {
    const r = await post(server, manager, file, '?skipBad=true');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ rows: 7, imported: 2, written: true });
    expect(r.body.bad).toHaveLength(5);
    const report = (await http.get('/branches/t1/reports/daily?date=1999-02-01', manager)).body;
    expect(report.arrivals).toBe(1);
  });

  it('takes the earliest date from the configuration (import.earliestDate)', async () => {
    const strict = await startServer({ config: testConfig({ extra: { import: { earliestDate: '2000-01-01' } } }) });
    try {
      const token = await api(strict.url).login(STAFF.manager.staffId, STAFF.manager.pin);
      const r = await post(strict, token, [HEADER, file.split('\n')[1]].join('\n'));
      expect(r.status).toBe(422);
      expect(r.body.result.bad).toEqual([{ line: 2, reason: expect.stringMatching(/before 2000-01-01/) }]);
    } finally {
      await strict.kill();
    }
  });
});
