/**
 * The national day's own arithmetic (bench/lib/national-*.ts, proxy.ts): how a wall's alerts are judged
 * missing, doubled or misdelivered — what decides whether the run fails — the proxy configuration made from
 * deploy/nginx.conf, and the drawn day (deterministic per seed, a realistic share of late greetings).
 */
import { describe, expect, it } from 'vitest';
import type { WallLog } from '../../bench/clients/national-screens.ts';
import { delivery } from '../../bench/lib/national-figures.ts';
import { planHall } from '../../bench/lib/national-plan.ts';
import type { Truth } from '../../bench/lib/national-truth.ts';
import { proxySnippet } from '../../bench/lib/proxy.ts';
import type { DayCurve } from '../../bench/lib/national-curve.ts';

const truth = (): Truth => ({
  expected: [
    { key: 'v1 reception warning', branch: 'n0001', id: 'a1', dueAt: 1000 },
    { key: 'v1 reception breach', branch: 'n0001', id: 'a2', dueAt: 2000 },
    { key: 'v2 reception warning', branch: 'n0001', id: 'a3', dueAt: 3000 },
    { key: 'v3 reception breach', branch: 'n0001', dueAt: 4000 }, // never fired
    { key: 'v9 reception breach', branch: 'n0002', id: 'b1', dueAt: 1500 },
  ],
  fired: new Map([
    ['a1', { branch: 'n0001', key: 'v1 reception warning' }],
    ['a2', { branch: 'n0001', key: 'v1 reception breach' }],
    ['a3', { branch: 'n0001', key: 'v2 reception warning' }],
    ['b1', { branch: 'n0002', key: 'v9 reception breach' }],
  ]),
  clocks: {},
  unwarranted: { count: 0, maxMs: 0 },
});

const wall = (hall: string, w: Partial<WallLog>): WallLog => ({
  hall,
  pushed: [],
  inSnapshots: [],
  snapshots: 1,
  disconnects: 0,
  ...w,
});

describe('national day: delivery at the walls', () => {
  it('counts an alert pushed or found in a snapshot after a reconnect as received, once', () => {
    const walls = [
      wall('n0001', {
        pushed: [
          { id: 'a1', dueAt: 1000, at: 1010, late: false },
          { id: 'a2', dueAt: 2000, at: 2030, late: false },
        ],
        inSnapshots: [{ id: 'a3', at: 3500 }],
      }),
      wall('n0002', { pushed: [{ id: 'b1', dueAt: 1500, at: 1520, late: false }] }),
    ];
    const d = delivery(walls, truth(), { from: 2900, to: 3600 }, 0, new Set());
    expect(d.missing).toBe(1); // v3's breach never fired: missing at its wall
    expect(d.neverFired).toBe(1);
    expect(d.doubled).toBe(0);
    expect(d.wrongBranch).toBe(0);
    expect(d.lateness.n).toBe(3); // a1, a2, b1 outside the window
    expect(d.lateness.max).toBe(30);
    expect(d.killWindow.n).toBe(1); // a3, due in the window, had from the snapshot 500 ms after
    expect(d.killWindow.max).toBe(500);
  });

  it('counts an alert pushed twice to one wall as doubled, and one at another branch as misdelivered', () => {
    const walls = [
      wall('n0001', {
        pushed: [
          { id: 'a1', dueAt: 1000, at: 1010, late: false },
          { id: 'a1', dueAt: 1000, at: 1011, late: false },
          { id: 'a2', dueAt: 2000, at: 2010, late: false },
          { id: 'a3', dueAt: 3000, at: 3010, late: false },
          { id: 'b1', dueAt: 1500, at: 1510, late: false },
        ],
      }),
      wall('n0002', { pushed: [{ id: 'b1', dueAt: 1500, at: 1520, late: false }] }),
    ];
    const d = delivery(walls, truth(), { from: 0, to: 0 }, 0, new Set());
    expect(d.doubled).toBe(1);
    expect(d.wrongBranch).toBe(1);
    expect(d.worstWalls[0]).toMatch(/^n0001: 1 missing, 1 doubled/);
  });

  it("takes the failover's first late alert only at the killed process's branches", () => {
    const walls = [
      wall('n0001', { pushed: [{ id: 'a3', dueAt: 3000, at: 9000, late: true }] }),
      wall('n0002', { pushed: [{ id: 'b1', dueAt: 1500, at: 2600, late: true }] }),
    ];
    expect(delivery(walls, truth(), { from: 1000, to: 5000 }, 0, new Set(['n0001'])).firstLateAt).toBe(9000);
  });
});

describe('national day: the proxy', () => {
  it('is deploy/nginx.conf with its upstream at our processes and its listen on loopback, max_fails kept', () => {
    const conf = proxySnippet([4001, 4002, 4003], 5000);
    expect(conf).toContain('server 127.0.0.1:4001 max_fails=1 fail_timeout=10s;');
    expect(conf).toContain('server 127.0.0.1:4003 max_fails=1 fail_timeout=10s;');
    expect(conf).toContain('listen 127.0.0.1:5000;');
    expect(conf).toContain('ip_hash;');
    expect(conf).not.toMatch(/yingbin-\d:8080/);
  });

  it('refuses a process count the file does not have', () => {
    expect(() => proxySnippet([4001, 4002], 5000)).toThrow(/3 upstream servers/);
  });
});

describe('national day: the drawn day', () => {
  // A flat curve over 08:00–18:00 and a fixed service time: only the draws matter here.
  const curve: DayCurve = {
    perMinute: Array.from({ length: 1440 }, (_, m) => (m >= 480 && m < 1080 ? 1 / 600 : 0)),
    vipShare: 0.3,
    serviceSeconds: [180],
    days: 1,
  };
  const o = { seed: 7, visitsPerHall: 300, opensMinute: 480, untilMinute: 1080 };

  it('is the same for a seed and differs between halls', () => {
    expect(planHall(3, curve, o)).toEqual(planHall(3, curve, o));
    expect(planHall(4, curve, o)).not.toEqual(planHall(3, curve, o));
    expect(planHall(3, curve, { ...o, seed: 8 })).not.toEqual(planHall(3, curve, o));
  });

  it('keeps the arrivals inside the day, and a realistic share (5–15 %) of greetings past the target', () => {
    const visits = Array.from({ length: 20 }, (_, h) => planHall(h, curve, o)).flat();
    expect(visits.every((v) => v.at >= 0 && v.at < 600 * 60)).toBe(true);
    const late = (vip: boolean, target: number) => {
      const mine = visits.filter((v) => v.vip === vip);
      return mine.filter((v) => v.greetAfter > target).length / mine.length;
    };
    expect(late(false, 300)).toBeGreaterThan(0.05);
    expect(late(false, 300)).toBeLessThan(0.15);
    expect(late(true, 180)).toBeGreaterThan(0.05);
    expect(late(true, 180)).toBeLessThan(0.15);
  });
});
