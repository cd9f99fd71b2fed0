/**
 * The report's satisfaction (DESIGN §9, docs/rules.md §3) on known ratings, figures worked out by hand:
 * overall, met vs breached, by staff and line, the average shown rounded down, and a day's rollup carrying
 * the same counts as the visits.
 */
import { describe, expect, it } from 'vitest';
import { averageText, buildReport, ReportTally, type VisitSummary } from '../../shared/report.ts';
import { decodeRollup, encodeRollup } from '../../server/reports/rollup.ts';

const at = (local: string) => Date.parse(`${local}+08:00`);
const DAY = '2026-03-02';
const options = { branch: 't1', from: DAY, to: DAY, timeZone: 'Asia/Shanghai', now: at(`${DAY}T20:00:00`) };

/** A completed visit: greeted `greetAfter` seconds after its 09:00 arrival (target 300 s), rated `score`. */
function visit(
  ticket: string,
  line: string,
  servedBy: string | null,
  greetAfter: number,
  score: number | null,
  day = DAY,
): VisitSummary {
  const arrived = at(`${day}T09:00:00`);
  return {
    id: `visit-${ticket}`,
    ticket,
    line,
    day,
    hour: 9,
    arrivedAt: arrived,
    endedAt: arrived + 1_800_000,
    vip: false,
    vipLater: false,
    specialNeeds: [],
    owner: 'g01',
    transfersBy: [],
    imported: false,
    clocks: [
      {
        rule: 'reception',
        day,
        hour: 9,
        start: arrived,
        due: arrived + 300_000,
        stop: arrived + greetAfter * 1000,
        stoppedBy: 'g01',
      },
    ],
    rating: score === null ? null : { score, at: arrived + 2_000_000, via: 'phone' },
    servedBy,
  };
}

// Met (greeted within 300 s): 5, 4, 5 — breached (greeted after 300 s): 2, 1, 3 — one visit not rated.
const visits = [
  visit('A001', 'life', 'c01', 60, 5),
  visit('A002', 'life', 'c01', 300, 4), // exactly the target: met (inclusive)
  visit('A003', 'property', 'c02', 120, 5),
  visit('A004', 'life', 'c02', 301, 2),
  visit('A005', 'property', 'c01', 900, 1),
  visit('A006', 'life', 'c02', 400, 3),
  visit('A007', 'life', 'c01', 30, null),
];

describe('satisfaction in the report', () => {
  const s = buildReport(visits, options).satisfaction;

  it('counts every rating by star, with the exact average', () => {
    expect(s.responses).toBe(6);
    expect(s.distribution).toEqual([1, 1, 1, 1, 2]);
    expect(s.average).toBe(20 / 6);
    expect(averageText(s)).toBe('3.33');
  });

  it('splits the ratings of met visits from those of breached ones', () => {
    expect(s.byOutcome.met).toEqual({ responses: 3, average: 14 / 3, distribution: [0, 0, 0, 1, 2] });
    expect(s.byOutcome.breached).toEqual({ responses: 3, average: 2, distribution: [1, 1, 1, 0, 0] });
    // 14/3 = 4.666… is shown 4.66: an average is never rounded up.
    expect(averageText(s.byOutcome.met)).toBe('4.66');
  });

  it('gives each rating to the staff member who completed the service, and to the line', () => {
    expect(s.byStaff.map((x) => [x.staff, x.responses, x.distribution])).toEqual([
      ['c01', 3, [1, 0, 0, 1, 1]],
      ['c02', 3, [0, 1, 1, 0, 1]],
    ]);
    expect(s.byStaff[0]!.byOutcome.breached).toEqual({ responses: 1, average: 1, distribution: [1, 0, 0, 0, 0] });
    expect(s.byLine.map((x) => [x.line, x.responses, x.average])).toEqual([
      ['life', 4, 14 / 4],
      ['property', 2, 3],
    ]);
  });

  it('has no average when nobody rated, never a 0', () => {
    const none = buildReport([visit('A001', 'life', 'c01', 60, null)], options).satisfaction;
    expect(none).toEqual({
      responses: 0,
      average: null,
      distribution: [0, 0, 0, 0, 0],
      byOutcome: {
        met: { responses: 0, average: null, distribution: [0, 0, 0, 0, 0] },
        breached: { responses: 0, average: null, distribution: [0, 0, 0, 0, 0] },
      },
      byStaff: [],
      byLine: [],
    });
    expect(averageText(none)).toBe('—');
  });

  it('counts a rating on its visit arrival day only', () => {
    const other = visit('B001', 'life', 'c01', 60, 1, '2026-03-03');
    expect(buildReport([...visits, other], options).satisfaction.responses).toBe(6);
  });

  it("a day's rollup adds into a range exactly as the visits do", () => {
    const day = new ReportTally(DAY, DAY);
    for (const v of visits) day.addVisit(v, options.now);
    const enc = encodeRollup(day);
    const range = new ReportTally(DAY, DAY);
    range.addTally(decodeRollup(DAY, enc.figures, enc.durations));
    expect(range.report(options).satisfaction).toEqual(s);
  });
});
