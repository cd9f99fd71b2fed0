/**
 * The import and the report on real traffic: 1 February 1999 of the Anonymous Bank call centre
 * (tests/fixtures, read as a hall per the data set's README) converted to the import CSV, imported, and the
 * report's figures compared with a count made here straight from the TSV columns. A call id repeats
 * across answering lines, so the external id is line and call id together.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { STAFF, testConfig } from '../support/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';

// One day of the data set, committed beside the tests (tests/fixtures/README.md says where it is from).
const TSV = fileURLToPath(new URL('../fixtures/anonymous_bank_1999-02-01.tsv', import.meta.url));
const DATE = '990201';
const TYPES = ['PS', 'PE', 'IN', 'NE', 'NW', 'TT'];

interface Call {
  id: string;
  type: string;
  vip: boolean;
  arrival: number;
  greeted: number | null;
  server: string;
  end: number;
}

/** Seconds since midnight of "H:MM:SS"; null for "0:00:00" (did not happen). */
const secs = (s: string): number | null => {
  if (s === '0:00:00') return null;
  const [h, m, x] = s.split(':').map(Number) as [number, number, number];
  return h * 3600 + m * 60 + x;
};

/** The day's calls, read as a hall: joining the queue is the arrival, an agent picking up the greeting. */
function calls(): Call[] {
  const [head, ...lines] = readFileSync(TSV, 'utf8').trim().split('\n');
  const col = Object.fromEntries(head!.split('\t').map((c, i) => [c.trim(), i]));
  const out: Call[] = [];
  for (const line of lines) {
    const f = line.split('\t').map((s) => s.trim());
    if (f[col.date!] !== DATE) continue;
    const arrival = secs(f[col.vru_exit!]!);
    if (arrival === null) continue;
    const outcome = f[col.outcome!];
    const base = {
      id: `${f[col['vru+line']!]}-${f[col.call_id!]}`,
      type: f[col.type!]!,
      vip: f[col.priority!] === '2',
      arrival,
      server: f[col.server!]!,
    };
    if (outcome === 'AGENT') {
      const start = secs(f[col.ser_start!]!);
      const exit = secs(f[col.ser_exit!]!);
      if (start === null || exit === null || exit < start) continue; // no service recorded, or past midnight
      const greeted = Math.max(start, arrival); // the units' clocks differ by a second at times
      out.push({ ...base, greeted, end: Math.max(exit, greeted) });
    } else if (outcome === 'HANG') {
      out.push({ ...base, greeted: null, end: Math.max(secs(f[col.q_exit!]!) ?? arrival, arrival) });
    }
  }
  return out;
}

const iso = (s: number) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `1999-02-01T${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}+02:00`;
};

function toCsv(list: Call[]): string {
  const rows = list.map((c) =>
    [
      c.id,
      c.type.toLowerCase(),
      iso(c.arrival),
      c.vip ? iso(c.arrival) : '',
      c.greeted === null ? '' : iso(c.greeted),
      c.greeted === null ? '' : c.server,
      c.greeted === null ? '' : c.vip ? 'vip-host' : 'greeter',
      '',
      c.greeted === null ? '' : iso(c.greeted),
      c.greeted === null ? '' : iso(c.end),
      c.greeted === null ? iso(c.end) : '',
      '',
    ].join(','),
  );
  return [
    'external_id,line,arrived_at,vip_identified_at,greeted_at,greeted_by,greeted_by_role,called_at,service_started_at,completed_at,left_at,special_needs',
    ...rows,
  ].join('\n');
}

/** docs/rules.md §3 counted directly on the calls. */
function count(list: Call[], target: number) {
  let met = 0,
    breached = 0,
    excluded = 0;
  const waits: number[] = [];
  for (const c of list) {
    if (c.greeted !== null) {
      const wait = c.greeted - c.arrival;
      waits.push(wait);
      if (wait <= target) met++;
      else breached++;
    } else if (c.end - c.arrival <= target) excluded++;
    else breached++;
  }
  waits.sort((a, b) => a - b);
  const at = (rank: number) => (waits.length ? waits[rank - 1]! : null);
  return {
    eligible: met + breached + excluded,
    met,
    breached,
    excluded,
    median: at(Math.ceil(waits.length / 2)),
    p90: at(Math.ceil((9 * waits.length) / 10)),
    max: at(waits.length),
  };
}

describe('a real day of the Anonymous Bank, imported', () => {
  let server: RunningServer;
  const day = calls();

  beforeAll(async () => {
    const config = testConfig();
    config.branches[0]!.timeZone = 'Asia/Jerusalem';
    config.branches[0]!.lines = TYPES.map((t, i) => ({
      id: t.toLowerCase(),
      name: { zh: t, en: t },
      prefix: 'ABCDEF'[i]!,
    }));
    config.limits.bodyBytes = 0;
    server = await startServer({ config });
  });
  afterAll(() => server.kill());

  it('gives the figures an independent count of the same calls gives', async () => {
    expect(day.length).toBeGreaterThan(500);
    const http = api(server.url);
    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const res = await fetch(`${server.url}/api/v1/branches/t1/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${manager}`, 'Content-Type': 'text/csv' },
      body: toCsv(day),
    });
    const result = await res.json();
    expect(result).toMatchObject({ imported: day.length, bad: [], written: true });

    const r = (await http.get('/branches/t1/reports/daily?date=1999-02-01', manager)).body;
    expect(r.arrivals).toBe(day.length);
    for (const [rule, list, target] of [
      ['reception', day, 300],
      ['vip-reception', day.filter((c) => c.vip), 180],
    ] as const) {
      const want = count(list, target);
      expect(r.rules[rule], rule).toEqual({
        eligible: want.eligible,
        met: want.met,
        breached: want.breached,
        excluded: want.excluded,
        running: 0,
        compliance:
          want.met + want.breached === 0 ? null : { numerator: want.met, denominator: want.met + want.breached },
        timeToGreet: { median: want.median, p90: want.p90, max: want.max },
      });
    }
    expect(r.vip.visits).toBe(day.filter((c) => c.vip).length);
    const perLine = Object.fromEntries(r.lines.map((l: { line: string; arrivals: number }) => [l.line, l.arrivals]));
    for (const t of TYPES) expect(perLine[t.toLowerCase()] ?? 0, t).toBe(day.filter((c) => c.type === t).length);
  });
});
