/** The forecast (shared/staffing/forecast.ts) and its backtest on history made here, day by day. */
import { describe, expect, it } from 'vitest';
import { backtest } from '../../shared/staffing/backtest.ts';
import { forecastDay, naiveDay, recentLevel } from '../../shared/staffing/forecast.ts';
import { addDays, daySlots, slotOf } from '../../shared/staffing/slots.ts';

const SLOTS = 8;

/** A week of distinct per-slot profiles (index 0 = the weekday of `start`), with a closed day. */
const WEEK = [
  [0, 3, 9, 14, 11, 7, 4, 1],
  [1, 5, 12, 20, 15, 9, 6, 2],
  [0, 4, 10, 17, 13, 8, 5, 2],
  [2, 6, 13, 22, 16, 10, 7, 3],
  [1, 3, 6, 8, 5, 2, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0],
  [0, 2, 7, 11, 9, 6, 3, 1],
];

function repeating(start: string, days: number, scale = (_: number) => 1): Map<string, number[]> {
  const h = new Map<string, number[]>();
  for (let i = 0; i < days; i++)
    h.set(
      addDays(start, i),
      WEEK[i % 7]!.map((x) => x * scale(i)),
    );
  return h;
}

describe('forecast', () => {
  it('forecasts history that repeats every week as itself, on every weekday, closed day included', () => {
    const history = repeating('2026-01-05', 56);
    for (let i = 0; i < 7; i++) {
      const day = addDays('2026-01-05', 56 + i);
      expect(forecastDay(history, day, SLOTS), day).toEqual(WEEK[i]);
    }
    // Even with a single week of history behind it.
    expect(forecastDay(repeating('2026-01-05', 7), '2026-01-12', SLOTS)).toEqual(WEEK[0]);
  });

  it('reads only the days before the forecast day', () => {
    const history = repeating('2026-01-05', 35);
    const before = forecastDay(history, '2026-02-02', SLOTS);
    history.set('2026-02-02', [99, 99, 99, 99, 99, 99, 99, 99]);
    history.set('2026-02-03', [99, 99, 99, 99, 99, 99, 99, 99]);
    expect(forecastDay(history, '2026-02-02', SLOTS)).toEqual(before);
  });

  it('follows a week that ran higher than usual by its level', () => {
    // Four ordinary weeks, then a week 20 % busier: the next Monday is forecast 20 % up.
    const history = repeating('2026-01-05', 35, (i) => (i >= 28 ? 1.2 : 1));
    const level = recentLevel(history, '2026-02-09', SLOTS);
    expect(level).toBeGreaterThan(1.1);
    expect(forecastDay(history, '2026-02-09', SLOTS)![3]).toBeGreaterThan(WEEK[0]![3]!);
  });

  it('has nothing to say without a same weekday in the history', () => {
    expect(forecastDay(repeating('2026-01-05', 6), '2026-01-11', SLOTS)).toBeNull();
    expect(naiveDay(repeating('2026-01-05', 6), '2026-01-11')).toBeNull();
  });

  it('backtest: exact on repeating history, beats the naive week-ago on noisy history, skips what it cannot score', () => {
    const exact = backtest(repeating('2026-01-05', 42), '2026-01-05', '2026-02-15', SLOTS);
    expect(exact.days.filter((d) => d.skipped)).toHaveLength(7);
    expect(exact.forecast).toEqual({ mae: 0, bias: 0 });
    expect(exact.naive).toEqual({ mae: 0, bias: 0 });

    // The same weeks with a seeded ±3 wobble: averaging weeks costs less than one week's noise.
    const noisy = repeating('2026-01-05', 70);
    let seed = 17;
    const wobble = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 7) - 3;
    for (const counts of noisy.values()) counts.forEach((c, s) => (counts[s] = Math.max(0, c + wobble())));
    const r = backtest(noisy, '2026-02-02', '2026-03-15', SLOTS);
    expect(r.slots).toBe(42 * SLOTS);
    expect(r.forecast.mae).toBeLessThan(r.naive.mae);
  });
});

describe('slots', () => {
  it('cover opening hours in the branch zone, the last one shorter when the hours do not divide', () => {
    const slots = daySlots('2026-03-02', { opens: '09:00', closes: '17:10', timeZone: 'Asia/Shanghai' }, 15);
    expect(slots).toHaveLength(33);
    expect(new Date(slots[0]!.start).toISOString()).toBe('2026-03-02T01:00:00.000Z');
    expect(slots.at(-1)!.end - slots.at(-1)!.start).toBe(10 * 60_000);
    expect(slotOf(slots, slots[0]!.start - 1)).toBe(-1);
    expect(slotOf(slots, slots[4]!.start + 1)).toBe(4);
    expect(slotOf(slots, slots.at(-1)!.end)).toBe(-1);
  });
});
