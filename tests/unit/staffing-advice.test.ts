/**
 * Advice (shared/staffing/advice.ts) per docs/staffing.md (Advice), from a forecast of weekly-repeating history, and the
 * handle-time and patience estimators (shared/staffing/estimate.ts) on greetings and waits made here.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config.ts';
import { advise, type AdviceInput } from '../../shared/staffing/advice.ts';
import { erlangAServers, erlangCServers } from '../../shared/staffing/erlang.ts';
import { estimateHandleSeconds, estimatePatienceSeconds, type Greeting } from '../../shared/staffing/estimate.ts';
import { forecastDay } from '../../shared/staffing/forecast.ts';
import { addDays, daySlots } from '../../shared/staffing/slots.ts';
import { testConfig } from '../support/config.ts';

const HOURS = { opens: '09:00', closes: '12:00', timeZone: 'Asia/Shanghai' };
const DAY = '2026-03-02'; // a Monday

/** Four weeks in which every day's 09:15 slot has 50 arrivals (10 of them VIPs) and 09:30 has 4. */
function history(vip: boolean) {
  const h = new Map<string, number[]>();
  for (let i = 1; i <= 28; i++) {
    const counts = new Array<number>(12).fill(0);
    counts[1] = vip ? 10 : 50;
    counts[2] = vip ? 0 : 4;
    h.set(addDays(DAY, -i), counts);
  }
  return h;
}

function input(over: Partial<AdviceInput> = {}): AdviceInput {
  const slots = daySlots(DAY, HOURS, 15);
  const arrivals = forecastDay(history(false), DAY, slots.length)!;
  const vipArrivals = forecastDay(history(true), DAY, slots.length)!;
  return {
    branch: 'b1',
    date: DAY,
    timeZone: HOURS.timeZone,
    objective: 0.99,
    slotMinutes: 15,
    slots: slots.map((s, i) => ({ ...s, arrivals: arrivals[i]!, vipArrivals: vipArrivals[i]! })),
    targetSeconds: { greeters: 300, vipHosts: 180 },
    handleSeconds: { greeters: 120, vipHosts: 300 },
    ...over,
  };
}

describe('advice', () => {
  it('has the documented shape of the advice: branch, date, objective, slotMinutes and slots over opening hours with offsets', () => {
    const a = advise(input());
    expect(a).toMatchObject({ branch: 'b1', date: DAY, objective: 0.99, slotMinutes: 15 });
    expect(a.slots).toHaveLength(12);
    expect(a.slots[0]).toEqual({
      start: '2026-03-02T09:00:00+08:00',
      end: '2026-03-02T09:15:00+08:00',
      arrivals: 0,
      vipArrivals: 0,
      needed: { greeters: 0, vipHosts: 0 },
    });
    expect(a.slots.at(-1)!.end).toBe('2026-03-02T12:00:00+08:00');
  });

  it('weekly-repeating history gives itself as the forecast and the textbook Erlang C counts as the advice', () => {
    // 50 arrivals in 15 minutes at 180 s each is 10 Erlangs; 80 % within 20 s needs 14 (Call Centre Helper).
    const textbook = advise(
      input({
        objective: 0.8,
        targetSeconds: { greeters: 20, vipHosts: 180 },
        handleSeconds: { greeters: 180, vipHosts: 300 },
      }),
    );
    expect(textbook.slots[1]).toMatchObject({ arrivals: 50, vipArrivals: 10, needed: { greeters: 14 } });

    // The defaults: 99 % within the 5-minute reception target, and the VIP target for VIP hosts.
    const a = advise(input());
    expect(a.slots[1]!.needed).toEqual({
      greeters: erlangCServers((50 / 900) * 120, 300, 120, 0.01),
      vipHosts: erlangCServers((10 / 900) * 300, 180, 300, 0.01),
    });
    expect(a.slots[1]!.needed).toEqual({ greeters: 9, vipHosts: 7 });
    // 4 arrivals in a quarter hour: one greeter would leave 17 % waiting over 5 minutes, so two; none need none.
    expect(a.slots[2]!.needed).toEqual({ greeters: 2, vipHosts: 0 });
    expect(a.slots[3]!.needed).toEqual({ greeters: 0, vipHosts: 0 });
  });

  it('shows on duty where known, and Erlang A beside Erlang C only where patience could be estimated', () => {
    const base = input();
    const a = advise({
      ...base,
      slots: base.slots.map((s, i) => (i === 1 ? { ...s, onDuty: { greeters: 3, vipHosts: 1 } } : s)),
      patienceSeconds: { greeters: 600, vipHosts: null },
    });
    expect(a.slots[1]!.onDuty).toEqual({ greeters: 3, vipHosts: 1 });
    expect(a.slots[2]!.onDuty).toBeUndefined();
    expect(a.slots[1]!.erlangA).toEqual({
      greeters: erlangAServers({ arrivalsPerSecond: 50 / 900, handleSeconds: 120, patienceSeconds: 600 }, 300, 0.01),
      vipHosts: null,
    });
    expect(a.patienceSeconds).toEqual({ greeters: 600, vipHosts: null });
    expect(advise(input()).slots[1]!.erlangA).toBeUndefined();
  });
});

describe('estimators', () => {
  const T0 = Date.parse('2026-03-02T01:00:00Z');
  const s = 1000;

  it("handle time: the median gap between a staff member's consecutive greetings, breaks left out", () => {
    const greetings: Greeting[] = [];
    // g01 greets every 100 or 140 s, with one 40-minute break; g02 every 200 s, VIPs every 300 s.
    for (let i = 0, t = T0; i < 31; i++, t += (i === 15 ? 2400 : i % 2 ? 100 : 140) * s)
      greetings.push({ by: 'g01', at: t, vip: false });
    for (let i = 0; i < 10; i++) greetings.push({ by: 'g02', at: T0 + i * 200 * s, vip: false });
    for (let i = 0; i < 21; i++) greetings.push({ by: 'v01', at: T0 + i * 300 * s, vip: true });
    const e = estimateHandleSeconds(greetings, false)!;
    // 29 gaps of g01 (the break dropped) and 9 of g02: 14 × 100, 15 × 140, 9 × 200 → median 140.
    expect(e).toEqual({ seconds: 140, samples: 38 });
    expect(estimateHandleSeconds(greetings, true)).toEqual({ seconds: 300, samples: 20 });
    // Too few gaps to say anything.
    expect(estimateHandleSeconds(greetings.slice(0, 10), false)).toBeNull();
  });

  it('patience: waiting time at risk divided by those who left unreceived (exponential MLE)', () => {
    const waits = [
      ...Array.from({ length: 10 }, () => ({ start: T0, stop: null, end: T0 + 300 * s, left: true })),
      ...Array.from({ length: 40 }, () => ({ start: T0, stop: T0 + 150 * s, end: T0 + 900 * s, left: false })),
      { start: T0, stop: null, end: null, left: false }, // still waiting: not counted
    ];
    expect(estimatePatienceSeconds(waits)).toEqual({ seconds: (10 * 300 + 40 * 150) / 10, abandoned: 10 });
    expect(estimatePatienceSeconds(waits.slice(1))).toBeNull();
  });
});

describe('staffing configuration', () => {
  it('defaults to 15-minute slots and 0.99, and a bad value stops the start naming the field', () => {
    expect(parseConfig(testConfig()).staffing).toEqual({ slotMinutes: 15, objective: 0.99 });
    const bad = (staffing: unknown) => () => parseConfig({ ...testConfig(), staffing });
    expect(bad({ objective: 1 })).toThrow(/staffing\.objective: must be below 1/);
    expect(bad({ slotMinutes: 0 })).toThrow(/staffing\.slotMinutes/);
    expect(bad({ greetHandleSeconds: -5 })).toThrow(/staffing\.greetHandleSeconds/);
    expect(bad({ slotsMinutes: 15 })).toThrow(/staffing/);
  });
});
