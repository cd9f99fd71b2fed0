/** Live foresight: who, from the queue now and the hall's recent pace, is expected to breach before being greeted. */
import { describe, expect, it } from 'vitest';
import { foresee, greetPace } from '../../shared/staffing/foresight.ts';
import type { RuleClock, Visit } from '../../shared/types.ts';
import { waitingVisit } from '../support/visit.ts';

const T0 = Date.parse('2026-03-02T10:00:00+08:00');
const at = (s: number) => T0 + s * 1000;
const iso = (s: number) => new Date(at(s)).toISOString();
const NOW = at(600);

function clock(id: RuleClock['id'], start: number, target: number, stoppedAt: number | null = null): RuleClock {
  return {
    id,
    startedAt: iso(start),
    dueAt: iso(start + target),
    stoppedAt: stoppedAt === null ? null : iso(stoppedAt),
    stoppedBy: stoppedAt === null ? null : 'g01',
    outcome: stoppedAt === null ? 'running' : 'met',
    targetSeconds: target,
    warnAt: [0.8],
    stopsOn: 'greet',
  };
}

/** Waiting, not yet greeted: a 300 s reception clock from arrival. */
function arrived(ticket: string, s: number, over: Partial<Visit> = {}): Visit {
  return waitingVisit({ id: ticket, ticket, arrivedAt: iso(s), rules: [clock('reception', s, 300)], ...over });
}

/** Greeted at `g`, still waiting for a counter: counts towards the pace, no longer in the greeting queue. */
function greeted(ticket: string, g: number): Visit {
  return waitingVisit({
    id: ticket,
    ticket,
    arrivedAt: iso(g - 60),
    greetedAt: iso(g),
    greetedBy: 'g01',
    owner: 'g01',
    rules: [clock('reception', g - 60, 300, g)],
  });
}

// Six greetings in the last 15 minutes (one more 20 minutes ago, outside the window): 0.4 a minute, 150 s each.
const PACE = [-250, -100, 100, 250, 400, 550].map((g, i) => greeted(`G00${i + 1}`, g));
const OLD = greeted('G000', -600);
const VIP = arrived('V001', 590, { vip: true, vipIdentifiedAt: iso(590) });
VIP.rules.push({ ...clock('vip-reception', 590, 180), qualifies: ['vip-host'] });
const QUEUE = [
  arrived('A001', 500), // due 800
  arrived('A002', 520), // due 820
  arrived('A003', 590), // due 890
  VIP, // due 770 (VIP host), 890 (reception)
  arrived('A000', 200), // due 500: already breached, nothing left to foresee
];
const visits = [...PACE, OLD, ...QUEUE];

describe('the greeting pace', () => {
  it('is the greetings of the last 15 minutes per minute', () => {
    expect(greetPace(visits, NOW)).toBeCloseTo(6 / 15, 10);
    expect(greetPace(visits, NOW, 30)).toBeCloseTo(7 / 30, 10);
  });
});

describe('who is likely to breach', () => {
  it('greets in the call order: the VIP first (expected 750 ≤ 770), then A001 at 900 > 800, A002 at 1050, A003 at 1200', () => {
    const f = foresee({ visits, greetersOnDuty: 1, callOrder: ['vip', 'special-needs'], now: NOW });
    expect(f.pacePerMinute).toBeCloseTo(0.4, 10);
    expect([...f.likely.keys()]).toEqual(['A001', 'A002', 'A003']);
    expect(f.likely.get('A001')).toBe(at(900));
    expect(f.likely.get('A002')).toBe(at(1050));
    expect(f.likely.get('A003')).toBe(at(1200));
  });

  it('with arrival order only, A001 comes first and makes it (750 ≤ 800) and the VIP, fourth, does not', () => {
    const f = foresee({ visits, greetersOnDuty: 1, callOrder: [], now: NOW });
    expect([...f.likely.keys()]).toEqual(['A002', 'A003', 'V001']);
    expect(f.likely.get('V001')).toBe(at(1200));
  });

  it('at twice the pace A001 makes it too', () => {
    const busy = [...visits, ...[0, 50, 150, 200, 300, 350].map((g, i) => greeted(`H00${i}`, g))];
    const f = foresee({ visits: busy, greetersOnDuty: 2, callOrder: ['vip'], now: NOW });
    // 12 in 15 minutes: 75 s each. The VIP at 675, A001 at 750 ≤ 800; A002 at 825 > 820, A003 at 900 > 890.
    expect([...f.likely.keys()]).toEqual(['A002', 'A003']);
  });

  it('with no greeter on duty every customer still to be greeted is flagged, with no expected greeting', () => {
    const f = foresee({ visits, greetersOnDuty: 0, callOrder: ['vip'], now: NOW });
    expect(f.pacePerMinute).toBe(0);
    expect([...f.likely.entries()]).toEqual([
      ['V001', null],
      ['A001', null],
      ['A002', null],
      ['A003', null],
    ]);
  });

  it('with greeters on duty but no greeting in the window there is no pace and no guess', () => {
    const f = foresee({ visits: [OLD, ...QUEUE], greetersOnDuty: 1, callOrder: ['vip'], now: NOW });
    expect(f.pacePerMinute).toBeNull();
    expect(f.likely.size).toBe(0);
  });
});
