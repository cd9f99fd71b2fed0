/**
 * The report's figures on a hand-built day (Asia/Shanghai, reception 300 s, VIP 180 s). Every expected
 * number is worked out here from docs/rules.md §3 by hand — never by calling the implementation.
 */
import { describe, expect, it } from 'vitest';
import { foldVisit } from '../../shared/visit.ts';
import {
  buildReport,
  nearestRank,
  percentDown,
  summarize,
  timeToGreet,
  type VisitSummary,
} from '../../shared/report.ts';
import type { Actor, EventType, VisitEvent } from '../../shared/types.ts';

const TZ = 'Asia/Shanghai';
/** A Shanghai wall-clock time (UTC+8, no daylight saving). */
const at = (local: string) => Date.parse(`${local}+08:00`);
const g01: Actor = { type: 'staff', id: 'g01', roles: ['greeter'] };
const g02: Actor = { type: 'staff', id: 'g02', roles: ['greeter'] };
const v01: Actor = { type: 'staff', id: 'v01', roles: ['greeter', 'vip-host'] };
const kiosk: Actor = { type: 'device', id: 'kiosk-1' };

let seq = 0;
/** One visit from its events, folded and summarised the way the server stores it. */
function visit(
  ticket: string,
  line: string,
  arrived: string,
  steps: [EventType, string, Actor?, Record<string, unknown>?][],
  o: { vip?: boolean; needs?: string[] } = {},
): VisitSummary {
  const id = `visit-${ticket}`;
  const e = (type: EventType, time: number, actor: Actor, payload: Record<string, unknown> = {}): VisitEvent => ({
    seq: ++seq,
    visitId: id,
    branch: 't1',
    type,
    occurredAt: time,
    recordedAt: time,
    actor,
    payload,
  });
  const events = [
    e('checked-in', at(arrived), kiosk, {
      line,
      ticket,
      vip: o.vip ? { memberNo: null } : null,
      specialNeeds: o.needs ?? [],
      rules: {
        reception: { targetSeconds: 300, warnAt: [0.8] },
        'vip-reception': { targetSeconds: 180, warnAt: [0.8], qualifies: ['vip-host'] },
      },
    }),
    ...steps.map(([type, time, actor, payload]) => e(type, at(time), actor ?? g01, payload ?? {})),
  ];
  return summarize(foldVisit(events)!, TZ);
}

const vipRule = { rule: { targetSeconds: 180, warnAt: [0.8], qualifies: ['vip-host'] } };
const DAY = [
  // 1: greeted after 240 s → met.
  visit('A001', 'property', '2024-03-01T09:00:00', [['greeted', '2024-03-01T09:04:00', g01]]),
  // 2: greeted exactly at 300 s → met (inclusive); then handed from g02 to g01.
  visit('A002', 'property', '2024-03-01T09:10:00', [
    ['greeted', '2024-03-01T09:15:00', g02],
    ['transferred', '2024-03-01T09:20:00', g02, { toStaff: 'g01', fromStaff: 'g02', reason: 'lunch' }],
  ]),
  // 3: greeted at 301 s → breached, 1 s late.
  visit('A003', 'property', '2024-03-01T09:20:00', [['greeted', '2024-03-01T09:25:01', g01]]),
  // 4: left after 180 s, nobody greeted → excluded.
  visit('B001', 'life', '2024-03-01T10:00:00', [['left', '2024-03-01T10:03:00']]),
  // 5: left after 420 s, nobody greeted → breached, 120 s late (until the end of the visit).
  visit('B002', 'life', '2024-03-01T10:05:00', [['left', '2024-03-01T10:12:00']]),
  // 6: VIP at the kiosk, a VIP host greets after 120 s → both clocks met, 120 s.
  visit('V001', 'pension', '2024-03-01T10:30:00', [['greeted', '2024-03-01T10:32:00', v01]], {
    vip: true,
    needs: ['elderly'],
  }),
  // 7: greeted after 60 s (met); identified VIP at 11:02, the host comes at 11:06 → VIP 240 s > 180, breached, 60 s late.
  visit(
    'B003',
    'life',
    '2024-03-01T11:00:00',
    [
      ['greeted', '2024-03-01T11:01:00', g01],
      ['vip-identified', '2024-03-01T11:02:00', g01, vipRule],
      ['greeted', '2024-03-01T11:06:00', v01],
    ],
    { needs: ['elderly', 'pregnant'] },
  ),
  // 8: arrives 23:58, greeted 00:02 (240 s, met, on 03-01); VIP after midnight, no host, completed 00:10 →
  //    the VIP clock belongs to 03-02 and is breached there.
  visit('C001', 'pension', '2024-03-01T23:58:00', [
    ['greeted', '2024-03-02T00:02:00', g01],
    ['vip-identified', '2024-03-02T00:01:00', g01, vipRule],
    ['service-started', '2024-03-02T00:03:00', g01, { counter: '1' }],
    ['completed', '2024-03-02T00:10:00', g01],
  ]),
  // 9: the evening before (02-29 local, though 16:00 UTC is still 02-29) → not in 03-01.
  visit('A900', 'property', '2024-02-29T23:59:00', [['greeted', '2024-03-01T00:06:00', g01]]),
  // 10: 00:00:30 local on 03-01 is 16:00:30 UTC on 02-29: a 03-01 visit; greeted after 30 s by g02.
  visit('A004', 'property', '2024-03-01T00:00:30', [['greeted', '2024-03-01T00:01:00', g02]]),
  // 11: arrives 17:00; at "now" 17:02 nobody has greeted yet → running.
  visit('A005', 'property', '2024-03-01T17:00:00', []),
];
const NOW = at('2024-03-01T17:02:00');
const report = (from: string, to = from, now = NOW) => buildReport(DAY, { branch: 't1', from, to, timeZone: TZ, now });

describe('the day report (docs/rules.md §3)', () => {
  const r = report('2024-03-01');

  it('counts each rule by the local day its clock started', () => {
    // reception on 03-01: met #1 #2 #6 #7 #8 #10 = 6, breached #3 #5 = 2, excluded #4, running #11.
    expect(r.rules.reception).toMatchObject({ eligible: 10, met: 6, breached: 2, excluded: 1, running: 1 });
    expect(r.rules.reception.compliance).toEqual({ numerator: 6, denominator: 8 });
    // VIP on 03-01: #6 met, #7 breached; #8's VIP clock started after midnight (03-02).
    expect(r.rules['vip-reception']).toMatchObject({ eligible: 2, met: 1, breached: 1, excluded: 0, running: 0 });
    expect(r.rules['vip-reception'].compliance).toEqual({ numerator: 1, denominator: 2 });
    expect(r.arrivals).toBe(10); // #1–#8, #10, #11
  });

  it('takes time to greet over stopped clocks, nearest rank', () => {
    // reception stops: 240 300 301 120 60 240 30 → sorted 30 60 120 240 240 300 301 (n = 7):
    // median rank ceil(3.5) = 4 → 240; p90 rank ceil(6.3) = 7 → 301; max 301.
    expect(r.rules.reception.timeToGreet).toEqual({ median: 240, p90: 301, max: 301 });
    // VIP stops: 120 240 (n = 2): median rank 1 → 120 (the lower middle); p90 rank ceil(1.8) = 2 → 240.
    expect(r.rules['vip-reception'].timeToGreet).toEqual({ median: 120, p90: 240, max: 240 });
  });

  it('lists the breaches with due, greeting and lateness, in order of due', () => {
    expect(r.breaches.map((b) => [b.ticket, b.rule, b.dueAt, b.greetedAt, b.lateBySeconds, b.owner])).toEqual([
      [
        'A003',
        'reception',
        new Date(at('2024-03-01T09:25:00')).toISOString(),
        new Date(at('2024-03-01T09:25:01')).toISOString(),
        1,
        'g01',
      ],
      ['B002', 'reception', new Date(at('2024-03-01T10:10:00')).toISOString(), null, 120, null],
      [
        'B003',
        'vip-reception',
        new Date(at('2024-03-01T11:05:00')).toISOString(),
        new Date(at('2024-03-01T11:06:00')).toISOString(),
        60,
        'g01',
      ],
    ]);
  });

  it('gives each staff member greetings, median, owned customers, transfers and breaches on them', () => {
    const by = Object.fromEntries(r.staff.map((s) => [s.staff, s]));
    // g01 stopped #1 240, #3 301, #7 60, #8 240 → sorted 60 240 240 301, median rank 2 → 240.
    // g01 owns #1 #2 (transferred to them) #3 #7 #8 = 5; breaches on them: #3 reception, #7 VIP = 2.
    expect(by.g01).toEqual({
      staff: 'g01',
      greetings: 4,
      vipGreetings: 0,
      medianTimeToGreet: 240,
      customersOwned: 5,
      transfers: 0,
      breachesOwned: 2,
    });
    // g02 stopped #2 300 and #10 30 → median rank 1 → 30; owns #10 only; handed #2 on once.
    expect(by.g02).toEqual({
      staff: 'g02',
      greetings: 2,
      vipGreetings: 0,
      medianTimeToGreet: 30,
      customersOwned: 1,
      transfers: 1,
      breachesOwned: 0,
    });
    // v01 stopped #6's reception (120) and the VIP clocks of #6 and #7; owns #6.
    expect(by.v01).toEqual({
      staff: 'v01',
      greetings: 1,
      vipGreetings: 2,
      medianTimeToGreet: 120,
      customersOwned: 1,
      transfers: 0,
      breachesOwned: 0,
    });
  });

  it('splits arrivals and breaches by local hour and by line', () => {
    const hour = (h: number) => r.hours[h]!;
    expect(hour(0)).toMatchObject({ arrivals: 1, breaches: 0 });
    expect(hour(9)).toMatchObject({ arrivals: 3, breaches: 1 });
    expect(hour(9).rules.reception.compliance).toEqual({ numerator: 2, denominator: 3 });
    expect(hour(10)).toMatchObject({ arrivals: 3, breaches: 1 }); // #4 excluded, #5 breached, #6 met
    expect(hour(11)).toMatchObject({ arrivals: 1, breaches: 1 }); // #7's VIP clock
    expect(hour(17)).toMatchObject({ arrivals: 1, breaches: 0 });
    expect(hour(23)).toMatchObject({ arrivals: 1, breaches: 0 });
    expect(r.hours.reduce((n, h) => n + h.arrivals, 0)).toBe(10);
    const line = Object.fromEntries(r.lines.map((l) => [l.line, l]));
    // property: #1 #2 #3 #10 #11; reception met 3 (#1 #2 #10), breached 1 (#3).
    expect(line.property).toMatchObject({ arrivals: 5, breaches: 1 });
    expect(line.property!.rules.reception.compliance).toEqual({ numerator: 3, denominator: 4 });
    // life: #4 #5 #7; breaches #5 (reception) and #7 (VIP).
    expect(line.life).toMatchObject({ arrivals: 3, breaches: 2 });
    expect(line.pension).toMatchObject({ arrivals: 2, breaches: 0 });
  });

  it('has VIP and special-needs sections', () => {
    expect(r.vip).toMatchObject({ visits: 3, identifiedLater: 2 }); // #6 at the kiosk; #7, #8 later
    const needs = Object.fromEntries(r.specialNeeds.map((n) => [n.need, n]));
    expect(needs.elderly).toMatchObject({ arrivals: 2, reception: { met: 2, breached: 0 } });
    expect(needs.pregnant).toMatchObject({ arrivals: 1, reception: { met: 1 } });
  });

  it('puts a VIP clock started after midnight on the next day', () => {
    const next = report('2024-03-02');
    expect(next.arrivals).toBe(0);
    expect(next.rules.reception).toMatchObject({ eligible: 0, compliance: null });
    // #8: VIP from 00:01, due 00:04, never met by a host, completed 00:10 → breached, 360 s late.
    expect(next.rules['vip-reception']).toMatchObject({
      eligible: 1,
      met: 0,
      breached: 1,
      compliance: { numerator: 0, denominator: 1 },
    });
    expect(next.breaches.map((b) => [b.ticket, b.lateBySeconds])).toEqual([['C001', 360]]);
  });

  it('reports a day with nothing eligible as no figure, never 100 %', () => {
    const empty = report('2024-03-05');
    for (const rule of ['reception', 'vip-reception'] as const) {
      expect(empty.rules[rule]).toEqual({
        eligible: 0,
        met: 0,
        breached: 0,
        excluded: 0,
        running: 0,
        compliance: null,
        timeToGreet: { median: null, p90: null, max: null },
      });
    }
    expect(percentDown(empty.rules.reception.compliance)).toBe('—');
    // A day with only an excluded visit: eligible 1 but still no compliance figure.
    const onlyExcluded = buildReport([DAY[3]!], {
      branch: 't1',
      from: '2024-03-01',
      to: '2024-03-01',
      timeZone: TZ,
      now: NOW,
    });
    expect(onlyExcluded.rules.reception).toMatchObject({ eligible: 1, excluded: 1, compliance: null });
  });

  it('turns a running clock into a breach once now passes its due', () => {
    const later = report('2024-03-01', '2024-03-01', at('2024-03-01T17:05:01'));
    expect(later.rules.reception).toMatchObject({ eligible: 10, met: 6, breached: 3, running: 0 });
  });

  it('adds the days of a range and lists each day', () => {
    const range = report('2024-02-29', '2024-03-02');
    // reception: 03-01's 6 met / 2 breached + 02-29's #9 (7 min → breached).
    expect(range.rules.reception).toMatchObject({ met: 6, breached: 3 });
    // VIP: 03-01's 1/2 + 03-02's 0/1.
    expect(range.rules['vip-reception']).toMatchObject({ met: 1, breached: 2 });
    expect(range.days.map((d) => [d.date, d.arrivals])).toEqual([
      ['2024-02-29', 1],
      ['2024-03-01', 10],
      ['2024-03-02', 0],
    ]);
  });
});

describe('figures', () => {
  it('nearest rank uses integer arithmetic (0.9 · 70 = 63, not 64)', () => {
    const seventy = Array.from({ length: 70 }, (_, i) => i + 1);
    expect(nearestRank(seventy, 9, 10)).toBe(63);
    expect(nearestRank([1, 2, 3, 4], 1, 2)).toBe(2);
    expect(nearestRank([7], 9, 10)).toBe(7);
    expect(timeToGreet([3000, 1000, 2000]).median).toBe(2);
  });

  it('shows compliance rounded down to one decimal, never up to 100', () => {
    expect(percentDown({ numerator: 1999, denominator: 2000 })).toBe('99.9'); // 99.95
    expect(percentDown({ numerator: 9999, denominator: 10000 })).toBe('99.9'); // 99.99
    expect(percentDown({ numerator: 2, denominator: 3 })).toBe('66.6');
    expect(percentDown({ numerator: 7, denominator: 8 })).toBe('87.5');
    expect(percentDown({ numerator: 29, denominator: 100 })).toBe('29.0');
    expect(percentDown({ numerator: 5, denominator: 5 })).toBe('100.0');
    expect(percentDown(null)).toBe('—');
  });
});
