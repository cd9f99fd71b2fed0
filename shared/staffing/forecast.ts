/**
 * Forecast of arrivals per slot from the branch's own history (docs/staffing.md; method and backtest figures in
 * docs/staffing.md). For a day D and slot s:
 *
 *   base(D, s)  = the mean of x(D − 7k, s) over the last WEEKS weeks k = 1… that have history
 *   level(D)    = Σ actual arrivals of the LEVEL_DAYS days before D / Σ base(those days), clamped
 *   forecast(D, s) = base(D, s) · level(D)
 *
 * The weekday profile comes from the same weekday only, so a Saturday is never shaped like a Monday; the
 * level follows the last week's traffic up or down, which the same-weekday mean alone lags by weeks.
 * History that repeats every week has base = the week itself and level = 1: it is forecast as itself.
 */
import { addDays } from './slots.ts';

/** How many past same weekdays are averaged. */
export const WEEKS = 4;
/** How many days before the forecast day set its level. */
export const LEVEL_DAYS = 7;
/** A level beyond these bounds is a holiday or a data gap, not a trend. */
const LEVEL_MIN = 0.5;
const LEVEL_MAX = 2;

/**
 * Per-slot counts of past days. A day inside the history with nothing recorded must be present as zeros
 * (the hall was closed); an absent day is one the branch has no history for.
 */
export type DayCounts = ReadonlyMap<string, readonly number[]>;

/** The same-weekday mean for a day, or null when no same weekday is in the history. */
function sameWeekdayMean(history: DayCounts, day: string, slotCount: number): number[] | null {
  const sum = new Array<number>(slotCount).fill(0);
  let weeks = 0;
  for (let k = 1; k <= WEEKS; k++) {
    const past = history.get(addDays(day, -7 * k));
    if (!past) break;
    for (let s = 0; s < slotCount; s++) sum[s]! += past[s] ?? 0;
    weeks++;
  }
  return weeks === 0 ? null : sum.map((x) => x / weeks);
}

/** How the recent days ran against what the same-weekday mean expected of them (1 when they ran as usual). */
export function recentLevel(history: DayCounts, day: string, slotCount: number): number {
  let actual = 0;
  let expected = 0;
  for (let j = 1; j <= LEVEL_DAYS; j++) {
    const d = addDays(day, -j);
    const seen = history.get(d);
    const base = seen && sameWeekdayMean(history, d, slotCount);
    if (!seen || !base) continue;
    for (let s = 0; s < slotCount; s++) {
      actual += seen[s] ?? 0;
      expected += base[s]!;
    }
  }
  if (expected === 0 || actual === expected) return 1;
  return Math.min(LEVEL_MAX, Math.max(LEVEL_MIN, actual / expected));
}

/**
 * The forecast arrivals of each slot of `day`, from the days of `history` before it only; null when the
 * history has no same weekday to go by.
 */
export function forecastDay(history: DayCounts, day: string, slotCount: number): number[] | null {
  const base = sameWeekdayMean(history, day, slotCount);
  if (!base) return null;
  const level = recentLevel(history, day, slotCount);
  return level === 1 ? base : base.map((x) => x * level);
}

/** The naive baseline the backtest measures against: the same slot one week earlier. */
export function naiveDay(history: DayCounts, day: string): readonly number[] | null {
  return history.get(addDays(day, -7)) ?? null;
}
