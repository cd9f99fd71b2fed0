/**
 * The forecast replayed over past days (`npm run backtest`): each day forecast only from the days before
 * it, compared slot by slot with what arrived, beside the naive baseline (the same slot one week earlier).
 * A day is scored only when both have something to say: it is in the history, a forecast exists, and the
 * day a week earlier is in the history.
 */
import { forecastDay, naiveDay, type DayCounts } from './forecast.ts';
import { addDays, daysBetween } from './slots.ts';

export interface ErrorFigures {
  /** Mean absolute error per slot (arrivals). */
  mae: number;
  /** Mean signed error per slot (forecast − actual): positive over-forecasts. */
  bias: number;
}

export interface BacktestDay {
  day: string;
  /** Why the day was not scored (no history for it, or nothing to forecast it from). */
  skipped?: string;
  arrivals?: number;
  forecast?: ErrorFigures;
  naive?: ErrorFigures;
}

export interface BacktestResult {
  from: string;
  to: string;
  days: BacktestDay[];
  /** Over every scored slot of every scored day. */
  slots: number;
  forecast: ErrorFigures;
  naive: ErrorFigures;
}

class Errors {
  abs = 0;
  signed = 0;
  n = 0;
  add(predicted: number, actual: number): void {
    this.abs += Math.abs(predicted - actual);
    this.signed += predicted - actual;
    this.n++;
  }
  figures(): ErrorFigures {
    return this.n === 0 ? { mae: NaN, bias: NaN } : { mae: this.abs / this.n, bias: this.signed / this.n };
  }
}

export function backtest(history: DayCounts, from: string, to: string, slotCount: number): BacktestResult {
  const days: BacktestDay[] = [];
  const all = { forecast: new Errors(), naive: new Errors() };
  for (let i = 0; i <= daysBetween(from, to); i++) {
    const day = addDays(from, i);
    const actual = history.get(day);
    const forecast = forecastDay(history, day, slotCount);
    const naive = naiveDay(history, day);
    if (!actual || !forecast || !naive) {
      days.push({ day, skipped: !actual ? 'no history for this day' : 'no history a week before' });
      continue;
    }
    const one = { forecast: new Errors(), naive: new Errors() };
    for (let s = 0; s < slotCount; s++) {
      const a = actual[s] ?? 0;
      for (const e of [one.forecast, all.forecast]) e.add(forecast[s]!, a);
      for (const e of [one.naive, all.naive]) e.add(naive[s] ?? 0, a);
    }
    days.push({
      day,
      arrivals: actual.reduce((x, y) => x + y, 0),
      forecast: one.forecast.figures(),
      naive: one.naive.figures(),
    });
  }
  return { from, to, days, slots: all.forecast.n, forecast: all.forecast.figures(), naive: all.naive.figures() };
}
