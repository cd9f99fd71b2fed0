/**
 * A range built from per-day rollups must equal the same range built visit by visit — every count, every
 * percentile, every breach. The visit-by-visit report is itself checked by hand in report.test.ts; here
 * random days (VIP clocks after midnight, visits still open, transfers, needs) are added both ways.
 */
import { describe, expect, it } from 'vitest';
import {
  buildReport,
  daysBetween,
  Durations,
  isoInstant,
  nearestRank,
  ReportTally,
  type VisitSummary,
} from '../../shared/report.ts';
import { localDay, localHour, localInstant } from '../../shared/time.ts';
import { decodeRollup, encodeRollup } from '../../server/reports/rollup.ts';

const TZ = 'Asia/Shanghai';
const STAFF = ['g01', 'g02', 'v01', 'm01'];
const LINES = ['property', 'life', 'pension'];
const NEEDS = ['elderly', 'pregnant', 'wheelchair'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Visits on `days`, some late in the evening so a VIP clock starts on the next local day. */
function randomVisits(days: string[], perDay: number, seed: number): VisitSummary[] {
  const random = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const out: VisitSummary[] = [];
  for (const day of days) {
    for (let i = 0; i < perDay; i++) {
      const late = random() < 0.1;
      const arrivedAt =
        localInstant(day, late ? '23:50' : '09:00', TZ) + Math.floor(random() * (late ? 590_000 : 9 * 3600_000));
      // Whole seconds mostly; some odd milliseconds so ties and ranks are not all round.
      const wait = Math.floor(random() * 600) * 1000 + (random() < 0.2 ? Math.floor(random() * 1000) : 0);
      const kind = random();
      const greeted = kind < 0.75;
      const ended = kind < 0.9; // 0.75–0.9: left without a greeting; above: still open
      const stop = greeted ? arrivedAt + wait : null;
      const endedAt = ended ? arrivedAt + wait + Math.floor(random() * 900_000) : null;
      const greeter = pick(STAFF);
      const owner = greeted ? greeter : null;
      const vipLater = random() < 0.08;
      const vip = vipLater || random() < 0.08;
      const vStart = vipLater ? arrivedAt + Math.floor(random() * 900_000) : arrivedAt;
      const vStop = greeted ? Math.max(vStart, stop!) + Math.floor(random() * 240) * 1000 : null;
      const hour = localHour(arrivedAt, TZ);
      const specialNeeds = random() < 0.15 ? [pick(NEEDS)] : random() < 0.03 ? ['elderly', 'pregnant'] : [];
      // A configured third rule (docs/rules.md §6's example) on special-needs visits; its target changes halfway
      // through the days, so the name of the range comes from the latest version.
      const helpTarget = day < days[Math.floor(days.length / 2)]! ? 120 : 90;
      const help = {
        rule: 'special-needs-help',
        day,
        hour,
        start: arrivedAt,
        due: arrivedAt + helpTarget * 1000,
        stop,
        stoppedBy: stop === null ? null : greeter,
        name:
          helpTarget === 120 ? { zh: '特殊客户2分钟内主动帮助', en: 'Special needs helped within 2 minutes' } : null,
      };
      out.push({
        id: `${day}-${i}`,
        ticket: `${'ABC'[i % 3]}${String(i).padStart(3, '0')}`,
        line: pick(LINES),
        day,
        hour,
        arrivedAt,
        endedAt,
        vip,
        vipLater,
        specialNeeds,
        owner,
        transfersBy: owner && random() < 0.1 ? [pick(STAFF)] : [],
        imported: random() < 0.1,
        clocks: [
          {
            rule: 'reception',
            day,
            hour,
            start: arrivedAt,
            due: arrivedAt + 300_000,
            stop,
            stoppedBy: stop === null ? null : greeter,
          },
          ...(vip
            ? [
                {
                  rule: 'vip-reception' as const,
                  day: localDay(vStart, TZ),
                  hour: localHour(vStart, TZ),
                  start: vStart,
                  due: vStart + 180_000,
                  stop: vStop,
                  stoppedBy: vStop === null ? null : 'v01',
                },
              ]
            : []),
          ...(specialNeeds.length > 0 ? [help] : []),
        ],
      });
    }
  }
  return out;
}

/** What the server does: one tally per day (stored as a rollup and read back), added into the range. */
function fromRollups(visits: VisitSummary[], from: string, to: string, now: number): ReportTally {
  const total = new ReportTally(from, to);
  for (const day of daysBetween(from, to)) {
    const t = new ReportTally(day, day);
    for (const v of visits) if (v.day === day || v.clocks.some((c) => c.day === day)) t.addVisit(v, now);
    const r = encodeRollup(t);
    total.addTally(t.settled ? decodeRollup(day, r.figures, r.durations) : t);
  }
  return total;
}

describe('a range from day rollups', () => {
  const days = daysBetween('2024-03-01', '2024-03-08');
  const visits = randomVisits(days, 60, 11);
  const acknowledgedBy = new Map([[`${visits[3]!.id}:reception`, 'm01']]);

  for (const [when, now] of [
    ['after every day (all days closed)', localInstant('2024-03-20', '12:00', TZ)],
    ['during the last day (clocks running)', localInstant('2024-03-08', '12:00', TZ)],
  ] as const) {
    it(`equals the range built visit by visit, ${when}`, () => {
      for (const [from, to] of [
        ['2024-03-01', '2024-03-08'],
        ['2024-03-02', '2024-03-05'],
        ['2024-03-04', '2024-03-04'],
        ['2024-02-28', '2024-03-09'],
      ] as const) {
        const o = { branch: 't1', from, to, timeZone: TZ, now, acknowledgedBy };
        const direct = buildReport(visits, o);
        expect(fromRollups(visits, from, to, now).report(o)).toEqual(direct);
        expect(direct.arrivals).toBeGreaterThan(0);
      }
    });
  }

  it('covers what it claims: breaches of open clocks, VIP clocks after midnight, ranks over several days', () => {
    const now = localInstant('2024-03-20', '12:00', TZ);
    const r = buildReport(visits, { branch: 't1', from: '2024-03-01', to: '2024-03-08', timeZone: TZ, now });
    expect(r.breaches.some((b) => b.greetedAt === null)).toBe(true);
    expect(visits.some((v) => v.clocks.some((c) => c.day !== v.day))).toBe(true);
    expect(r.rules.reception.timeToGreet.median).not.toBeNull();
    expect(r.staff.length).toBeGreaterThan(2);
    // A configured third rule is counted, and named by the latest version in the range (90 s, unnamed)…
    expect(r.rules['special-needs-help']!.eligible).toBeGreaterThan(0);
    expect(r.ruleList.at(-1)).toEqual({ id: 'special-needs-help', targetSeconds: 90 });
    // …or, in a range of its first version only, by that version's configured name.
    const early = buildReport(visits, { branch: 't1', from: '2024-03-01', to: '2024-03-02', timeZone: TZ, now });
    expect(early.ruleList.at(-1)).toMatchObject({ targetSeconds: 120, name: { zh: '特殊客户2分钟内主动帮助' } });
  });

  it('keeps a day with a running clock out of the rollups (its figures change with the time)', () => {
    const day = '2024-03-08';
    const t = new ReportTally(day, day);
    for (const v of visits) if (v.day === day) t.addVisit(v, localInstant(day, '12:00', TZ));
    expect(t.settled).toBe(false);
    const later = new ReportTally(day, day);
    for (const v of visits) if (v.day === day) later.addVisit(v, localInstant('2024-03-20', '12:00', TZ));
    expect(later.settled).toBe(true);
    expect(later.openDueMax).not.toBeNull();
  });
});

describe('nearest rank over several sorted lists', () => {
  it('equals the rank of the sorted union, with duplicates and lists of one', () => {
    const random = rng(5);
    for (let round = 0; round < 200; round++) {
      const d = new Durations();
      const all: number[] = [];
      const lists = 1 + Math.floor(random() * 6);
      for (let l = 0; l < lists; l++) {
        const list = Float64Array.from(
          { length: Math.floor(random() * 9) },
          () => Math.floor(random() * 20) * 1000 + (random() < 0.3 ? 7 : 0),
        ).sort();
        d.addSorted(list);
        all.push(...list);
      }
      if (random() < 0.5)
        for (let i = 0; i < 3; i++) {
          const v = Math.floor(random() * 30_000);
          d.push(v);
          all.push(v);
        }
      const sorted = Float64Array.from(all).sort();
      for (const [num, den] of [
        [1, 2],
        [9, 10],
        [1, 1],
        [1, 100],
      ] as const)
        expect(d.nearestRank(num, den)).toBe(nearestRank(sorted, num, den));
      expect(d.max()).toBe(sorted.length ? sorted[sorted.length - 1] : null);
    }
  });

  it('falls back to sorting when a duration is not whole milliseconds', () => {
    const d = new Durations();
    d.addSorted(Float64Array.from([1.5, 2.25]));
    d.addSorted(Float64Array.from([1.75, 3]));
    expect(d.nearestRank(1, 2)).toBe(1.75);
    expect(d.nearestRank(9, 10)).toBe(3);
  });
});

describe('ISO instants', () => {
  it('are exactly Date#toISOString, also across days and outside 1970–9999', () => {
    const random = rng(9);
    const base = Date.parse('2024-01-01T00:00:00Z');
    for (let i = 0; i < 20_000; i++) {
      const ms =
        i % 4 === 0 ? Math.floor(random() * 253_402_300_800_000) : base + Math.floor(random() * 400 * 86_400_000);
      expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
    }
    for (const ms of [0, 86_399_999, 86_400_000, 253_402_300_799_999, 253_402_300_800_000, -1, -86_400_001, 1.5]) {
      expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
