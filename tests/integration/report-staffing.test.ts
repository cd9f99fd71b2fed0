/**
 * The daily report's staffing section (issue 17, the report page), from the real server on a real SQLite file
 * (a throwaway PostgreSQL with YINGBIN_TEST_STORE=postgres) and the month of tests/support/report-staffing.ts:
 * four weeks of the same day, then a busier day on which a greeter left at 10:30 and the next came at 11:30. Per hour the
 * report sets the arrivals against the forecast (the four weeks, summed over 15-minute slots), on duty (the
 * hour's thinnest slot, from the duty log) against needed (its busiest slot, Erlang C with 120 s handling,
 * 300 s target, 0.99), and the breaches — in the JSON and in the CSV, zh and en.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/staffing/slots.ts';
import { api } from '../support/api.ts';
import { STAFF } from '../support/config.ts';
import { BUSY, DAY, seedStaffingMonth, staffingConfig, USUAL } from '../support/report-staffing.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const hourRow = (hour: number, rest: Record<string, unknown> = {}) => ({
  hour,
  arrivals: 0,
  forecast: 0,
  onDuty: { greeters: 1, vipHosts: 0 },
  needed: { greeters: 0, vipHosts: 0 },
  breaches: 0,
  ...rest,
});

describe('the staffing section of the daily report', () => {
  let server: RunningServer;
  let http: ReturnType<typeof api>;
  let manager: string;

  beforeAll(async () => {
    server = await startServer({ config: staffingConfig() });
    http = api(server.url);
    manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    await seedStaffingMonth(server, manager);
  }, 120_000);
  afterAll(() => server?.kill());

  it('sets per hour the arrivals against the forecast, on duty against needed, and the breaches', async () => {
    const r = (await http.get(`/branches/t1/reports/daily?date=${DAY}`, manager)).body;
    // The branch is open all day: 24 hours, every one listed.
    expect(r.staffing.map((h: { hour: number }) => h.hour)).toEqual(Array.from({ length: 24 }, (_, h) => h));
    // Before the duty log began (08:50) nothing is known; the 08:45 slot saw no one yet.
    expect(r.staffing.slice(0, 8)).toEqual(Array.from({ length: 8 }, (_, h) => hourRow(h, { onDuty: null })));
    expect(r.staffing[8]).toEqual(hourRow(8, { onDuty: { greeters: 0, vipHosts: 0 } }));
    // One a slot asks for 2 greeters (Erlang C); g01 and v01 were there.
    expect(r.staffing[9]).toEqual(
      hourRow(9, {
        arrivals: 4,
        forecast: 4,
        onDuty: { greeters: 2, vipHosts: 1 },
        needed: { greeters: 2, vipHosts: 0 },
      }),
    );
    // Two a slot ask for 2; from 10:30 only v01 was on the floor: short, and four breaches.
    expect(r.staffing[10]).toEqual(
      hourRow(10, {
        arrivals: 10,
        forecast: 8,
        onDuty: { greeters: 1, vipHosts: 1 },
        needed: { greeters: 2, vipHosts: 0 },
        breaches: 4,
      }),
    );
    // Six in the first slot ask for 3 (the busiest slot sets the hour); g02 came only at 11:30: six breaches.
    expect(r.staffing[11]).toEqual(
      hourRow(11, {
        arrivals: 6,
        forecast: 6,
        onDuty: { greeters: 1, vipHosts: 1 },
        needed: { greeters: 3, vipHosts: 0 },
        breaches: 6,
      }),
    );
    // From 12:00 only g02: the board as it stood, to the day's end.
    expect(r.staffing.slice(12)).toEqual(Array.from({ length: 12 }, (_, i) => hourRow(12 + i)));
    // Every report field is still there beside it.
    expect(r.hours[10]).toMatchObject({ hour: 10, arrivals: 10, breaches: 4 });
    expect(r.rules.reception).toMatchObject({ eligible: 20, met: 10, breached: 10 });
  });

  it('has no staffing section for a range of days', async () => {
    const r = (await http.get(`/branches/t1/reports/daily?from=${addDays(DAY, -1)}&to=${DAY}`, manager)).body;
    expect(r.staffing).toBeNull();
    expect(r.arrivals).toBe(USUAL.length + BUSY.length);
  });

  it('has the same rows in the CSV, headed in Chinese and in English', async () => {
    for (const [lang, title, header] of [
      [
        'zh',
        '人手与超时（分时段）',
        ['时段', '到达客户', '预测到达', '在岗引导员', '需要引导员', '在岗VIP专人', '需要VIP专人', '超时人次'],
      ],
      [
        'en',
        'Staffing and breaches by hour',
        [
          'Hour',
          'Arrivals',
          'Forecast arrivals',
          'Greeters on duty',
          'Greeters needed',
          'VIP hosts on duty',
          'VIP hosts needed',
          'Late greetings',
        ],
      ],
    ] as const) {
      const res = await fetch(`${server.url}/api/v1/branches/t1/reports/daily?date=${DAY}&format=csv&lang=${lang}`, {
        headers: { Authorization: `Bearer ${manager}` },
      });
      const rows: string[][] = parse((await res.text()).replace(/^\uFEFF/, ''), { relax_column_count: true });
      const at = rows.findIndex((row) => row[0] === title);
      expect(at, lang).toBeGreaterThan(0);
      expect(rows[at + 1], lang).toEqual(header);
      expect(
        rows.slice(at + 2, at + 2 + 24).map((row) => row.join(' ')),
        lang,
      ).toEqual([
        ...Array.from({ length: 8 }, (_, h) => `0${h}:00 0 0  0  0 0`),
        '08:00 0 0 0 0 0 0 0',
        '09:00 4 4 2 2 1 0 0',
        '10:00 10 8 1 2 1 0 4',
        '11:00 6 6 1 3 1 0 6',
        ...Array.from({ length: 12 }, (_, i) => `${12 + i}:00 0 0 1 0 0 0 0`),
      ]);
    }
  });
});
