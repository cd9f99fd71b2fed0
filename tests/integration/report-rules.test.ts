/**
 * A rule beyond the two built-ins in the daily report (docs/rules.md §6): its example `special-needs-help`,
 * its clocks on a past day (tests/support/third-rule.ts), reported by the real server — its figures in
 * the JSON beside the built-ins', named by its configured name in the JSON's ruleList and in the CSV.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { STAFF } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { THIRD_RULE, thirdRuleDay, writeVisits } from '../support/third-rule.ts';

const DAY = '2024-03-01';

describe('a third rule in the daily report', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let manager: string;

  beforeAll(async () => {
    server = await startServer();
    await writeVisits(server, thirdRuleDay(DAY));
    http = api(server.url);
    manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
  });
  afterAll(() => server.kill());

  it('counts its clocks beside the built-ins and names it as configured', async () => {
    const r = (await http.get(`/branches/t1/reports/daily?date=${DAY}`, manager)).body;
    // Met at 60 s, breached at 400 s, excluded (left at 100 s, before its 120 s due); 60 and 400 stopped.
    expect(r.rules[THIRD_RULE.id]).toEqual({
      eligible: 3,
      met: 1,
      breached: 1,
      excluded: 1,
      running: 0,
      compliance: { numerator: 1, denominator: 2 },
      timeToGreet: { median: 60, p90: 400, max: 400 },
    });
    // The built-ins are unchanged by it: four arrivals, reception met 60 s and 30 s, breached 400 s.
    expect(r.rules.reception).toMatchObject({ eligible: 4, met: 2, breached: 1, excluded: 1 });
    expect(r.ruleList).toEqual([
      { id: 'reception', targetSeconds: 300 },
      { id: 'vip-reception', targetSeconds: 180 },
      THIRD_RULE,
    ]);
    expect(r.hours[9].rules[THIRD_RULE.id]).toEqual({
      met: 1,
      breached: 1,
      compliance: { numerator: 1, denominator: 2 },
    });
    expect(r.lines[0].rules[THIRD_RULE.id]).toMatchObject({ met: 1, breached: 1 });
    expect(r.days[0].rules[THIRD_RULE.id]).toMatchObject({ eligible: 3, met: 1, breached: 1 });
    expect(r.breaches.map((b: { ticket: string; rule: string }) => `${b.ticket} ${b.rule}`)).toEqual([
      'S002 special-needs-help',
      'S002 reception',
    ]);
    // A range counts it too, and a day without its clocks still lists nothing of it but the built-ins.
    const range = (await http.get(`/branches/t1/reports/daily?from=2024-02-28&to=${DAY}`, manager)).body;
    expect(range.rules[THIRD_RULE.id]).toMatchObject({ eligible: 3, met: 1 });
    const before = (await http.get('/branches/t1/reports/daily?date=2024-02-29', manager)).body;
    expect(Object.keys(before.rules)).toEqual(['reception', 'vip-reception']);
  });

  it('has a row for it in the CSV, named in Chinese and in English', async () => {
    for (const [lang, name, breach] of [
      ['zh', THIRD_RULE.name.zh, '超时明细'],
      ['en', THIRD_RULE.name.en, 'Late greetings in detail'],
    ] as const) {
      const res = await fetch(`${server.url}/api/v1/branches/t1/reports/daily?date=${DAY}&format=csv&lang=${lang}`, {
        headers: { Authorization: `Bearer ${manager}` },
      });
      const rows = parse((await res.text()).replace(/^\uFEFF/, ''), { relax_column_count: true });
      expect(rows.find((row) => row[0] === name)?.slice(1, 7), lang).toEqual(['3', '1', '1', '1', '0', '1/2 (50.0%)']);
      const breaches = rows.findIndex((row) => row[0] === breach);
      expect(rows[breaches + 2]?.slice(0, 3), lang).toEqual(['S002', expect.any(String), name]);
      // The by-hour block has a compliance column for it, named too.
      expect(
        rows.some((row) => row.some((cell) => cell.endsWith(name) && cell !== name)),
        lang,
      ).toBe(true);
    }
  });
});
