/**
 * What the 人手建议 panel shows (shared/staffing/panel.ts): per role, on duty and needed now, the most needed in
 * the next two hours, and the slot where a shortfall starts with how many more the window needs from then on.
 */
import { describe, expect, it } from 'vitest';
import type { StaffingAdvice, StaffingSlot } from '../../shared/staffing/advice.ts';
import { nextSlotAt, staffingPanel } from '../../shared/staffing/panel.ts';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';

/** Slots of 15 minutes from 09:00 with the given greeters needed and on duty (VIP hosts: none needed, one on). */
function advice(needed: number[], onDuty?: number[]): StaffingAdvice {
  const slots: StaffingSlot[] = needed.map((n, i) => ({
    start: iso(T0 + i * 15 * MIN),
    end: iso(T0 + (i + 1) * 15 * MIN),
    arrivals: n * 5,
    vipArrivals: 0,
    needed: { greeters: n, vipHosts: 0 },
    ...(onDuty ? { onDuty: { greeters: onDuty[i]!, vipHosts: 1 } } : {}),
  }));
  return {
    branch: 'b',
    date: '2026-03-02',
    objective: 0.99,
    slotMinutes: 15,
    slots,
    handleSeconds: {
      greeters: { seconds: 120, source: 'configured' },
      vipHosts: { seconds: 300, source: 'configured' },
    },
    patienceSeconds: { greeters: null, vipHosts: null },
    targetSeconds: { greeters: 300, vipHosts: 180 },
  };
}

describe('the staffing panel', () => {
  it('names the slot where the shortfall starts, ahead of the peak, and the most the window lacks from then on', () => {
    //            09:00 09:15 09:30 09:45 10:00 10:15 10:30 10:45 11:00 11:15 (11:15 is beyond two hours of 09:05)
    const a = advice([1, 1, 1, 1, 3, 4, 3, 2, 2, 9], Array(10).fill(2));
    const p = staffingPanel(a, T0 + 5 * MIN);
    expect(p.now).toBe('09:00');
    expect(p.rows[0]).toEqual({
      role: 'greeters',
      onDuty: 2,
      neededNow: 1,
      neededPeak: 4,
      short: { from: '10:00', add: 2 },
    });
    expect(p.rows[1]).toEqual({ role: 'vipHosts', onDuty: 1, neededNow: 0, neededPeak: 0, short: null });
  });

  it('is covered when on duty meets every slot of the window, and counts the board for days without a log as unknown', () => {
    expect(staffingPanel(advice([1, 2, 3], [3, 3, 3]), T0).rows[0]!.short).toBeNull();
    const unknown = staffingPanel(advice([1, 2, 0]), T0).rows[0]!;
    expect(unknown.onDuty).toBeNull();
    expect(unknown.short).toEqual({ from: '09:00', add: 2 });
  });

  it('has no slot under way outside opening hours, and turns at the end of the slot under way', () => {
    const a = advice([1, 1]);
    expect(staffingPanel(a, T0 - 60 * MIN).now).toBeNull();
    expect(staffingPanel(a, T0 + 40 * MIN)).toMatchObject({ now: null, rows: [{ neededPeak: 0 }, { neededPeak: 0 }] });
    expect(nextSlotAt(a, T0 + 5 * MIN)).toBe(T0 + 15 * MIN);
    expect(nextSlotAt(a, T0 + 40 * MIN)).toBe(T0 + 55 * MIN);
  });

  it('says there is no forecast when the day has no arrivals to forecast from, never "enough staff"', () => {
    expect(staffingPanel(advice([0, 0, 0], [0, 0, 0]), T0).forecast).toBe(false);
    expect(staffingPanel(advice([0, 1, 0], [0, 0, 0]), T0).forecast).toBe(true);
  });
});
