/** A branch's standing on the regional wall, and the order that puts the branch most in need first. */
import { describe, expect, it } from 'vitest';
import { standing, worstFirst, type RegionBranch } from '../../shared/region.ts';
import type { TodayVisit } from '../../shared/today.ts';
import type { Visit } from '../../shared/types.ts';

const T0 = Date.parse('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
const iso = (ms: number) => new Date(ms).toISOString();

function openVisit(arrived: number, due: number, stopped: number | null, state: Visit['state'] = 'waiting'): Visit {
  return {
    id: `v${arrived}`,
    arrivedAt: iso(arrived),
    state,
    rules: [
      {
        id: 'reception',
        startedAt: iso(arrived),
        dueAt: iso(due),
        stoppedAt: stopped === null ? null : iso(stopped),
        outcome: 'running',
      },
    ],
  } as unknown as Visit;
}

const today = (
  arrived: number,
  due: number,
  stop: number | null,
  outcome: 'met' | 'breached' | 'running',
): TodayVisit => ({
  id: `t${arrived}`,
  arrivedAt: arrived,
  endedAt: null,
  clocks: [{ rule: 'reception', start: arrived, due, stop, outcome }],
});

const input = (over: Partial<Parameters<typeof standing>[0]>) => ({
  branch: 'b1',
  name: { zh: '一厅', en: 'Hall 1' },
  timeZone: 'Asia/Shanghai',
  day: '2026-03-02',
  rules: [{ id: 'reception', name: { zh: '5分钟接待', en: 'Greeted within 5 minutes' } }],
  today: [],
  open: [],
  shortfall: null,
  now: T0,
  ...over,
});

describe('a branch standing', () => {
  it('counts the clocks past due and not stopped, who waits since when, and today’s compliance exactly', () => {
    const late = openVisit(T0 - 600_000, T0 - 300_000, null);
    const fresh = openVisit(T0 - 60_000, T0 + 240_000, null);
    const greetedLate = openVisit(T0 - 900_000, T0 - 600_000, T0 - 500_000, 'called');
    const s = standing(
      input({
        open: [late, fresh, greetedLate],
        today: [
          today(T0 - 600_000, T0 - 300_000, null, 'running'),
          today(T0 - 60_000, T0 + 240_000, null, 'running'),
          today(T0 - 900_000, T0 - 600_000, T0 - 500_000, 'breached'),
          today(T0 - 1_200_000, T0 - 900_000, T0 - 1_100_000, 'met'),
        ],
      }),
    );
    expect(s.breachesNow).toBe(1);
    expect(s.waiting).toBe(2);
    expect(s.waitingSince).toBe(iso(T0 - 600_000));
    // Met 1; breached 2 (one stopped late, one running past due): 1/3.
    expect(s.rules).toEqual([
      {
        rule: 'reception',
        name: { zh: '5分钟接待', en: 'Greeted within 5 minutes' },
        met: 1,
        breached: 2,
        compliance: 1 / 3,
      },
    ]);
  });
});

describe('worst first', () => {
  const b = (branch: string, over: Partial<RegionBranch>): RegionBranch => ({
    branch,
    name: { zh: branch, en: branch },
    rules: [],
    breachesNow: 0,
    waiting: 0,
    waitingSince: null,
    shortfall: null,
    updatedAt: iso(T0),
    ...over,
  });
  it('orders by breaches now, then staff short, then lowest compliance, then the longest wait, then id', () => {
    const list = [
      b('quiet', {}),
      b('waits-long', { waiting: 1, waitingSince: iso(T0 - 200_000) }),
      b('waits', { waiting: 1, waitingSince: iso(T0 - 100_000) }),
      b('low', { rules: [{ rule: 'reception', name: { zh: '', en: '' }, met: 1, breached: 1, compliance: 0.5 }] }),
      b('short', { shortfall: { greeters: 1, vipHosts: 0 } }),
      b('breached', { breachesNow: 2 }),
      b('breached-more', { breachesNow: 3 }),
      b('a-quiet', {}),
    ];
    expect(list.sort(worstFirst).map((x) => x.branch)).toEqual([
      'breached-more',
      'breached',
      'short',
      'low',
      'waits-long',
      'waits',
      'a-quiet',
      'quiet',
    ]);
  });
});
