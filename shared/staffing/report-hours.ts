/**
 * The report's staffing section (issue 17, the report page): per hour of the day, the arrivals there were
 * against the forecast, the greeters and VIP hosts on duty against those needed, and the breaches — so an
 * hour that was short and breached shows as both. Pure: the advice's slots folded into the report's hours.
 */
import { localHour } from '../time.ts';
import type { RoleCounts, StaffingAdvice } from './advice.ts';

export interface StaffingHour {
  /** The branch-local hour, 0–23. */
  hour: number;
  /** Arrivals there were (the report's own count for the hour). */
  arrivals: number;
  /** Forecast arrivals: the hour's slots summed, to two decimals (the forecast is a mean, not a count). */
  forecast: number;
  /** The fewest on duty at any slot of the hour; null where the duty board knew nothing (imported history, days ahead). */
  onDuty: RoleCounts | null;
  /** The most any slot of the hour needed. */
  needed: RoleCounts;
  /** Clocks breached in the hour (the report's own count). */
  breaches: number;
}

interface HourFigures {
  hour: number;
  arrivals: number;
  breaches: number;
}

/**
 * Slots belong to the hour they start in. Arrivals and the forecast are counts over time, so they are summed;
 * people are not — a greeter on duty all hour is one greeter, not four — so `needed` is the busiest slot's
 * count (what the hour must be staffed for) and `onDuty` the thinnest slot's (someone who left at half past
 * leaves the rest of the hour short). An hour is short when on duty falls below needed for a role.
 * Hours run over opening hours, and any other hour that had arrivals or breaches.
 */
export function staffingByHour(
  advice: StaffingAdvice,
  hours: readonly HourFigures[],
  timeZone: string,
): StaffingHour[] {
  const out = new Map<number, StaffingHour>();
  const row = (hour: number) => {
    let r = out.get(hour);
    if (!r) {
      r = { hour, arrivals: 0, forecast: 0, onDuty: null, needed: { greeters: 0, vipHosts: 0 }, breaches: 0 };
      out.set(hour, r);
    }
    return r;
  };
  for (const s of advice.slots) {
    const r = row(localHour(Date.parse(s.start), timeZone));
    r.forecast += s.arrivals;
    r.needed = {
      greeters: Math.max(r.needed.greeters, s.needed.greeters),
      vipHosts: Math.max(r.needed.vipHosts, s.needed.vipHosts),
    };
    if (s.onDuty)
      r.onDuty = r.onDuty
        ? {
            greeters: Math.min(r.onDuty.greeters, s.onDuty.greeters),
            vipHosts: Math.min(r.onDuty.vipHosts, s.onDuty.vipHosts),
          }
        : { ...s.onDuty };
  }
  for (const h of hours) {
    if (h.arrivals === 0 && h.breaches === 0 && !out.has(h.hour)) continue;
    const r = row(h.hour);
    r.arrivals = h.arrivals;
    r.breaches = h.breaches;
  }
  return [...out.values()]
    .sort((a, b) => a.hour - b.hour)
    .map((r) => ({ ...r, forecast: Math.round(r.forecast * 100) / 100 }));
}

/** Was a role short in this hour: fewer on duty than needed (unknown duty is not short, it is unknown). */
export function shortOf(h: StaffingHour, role: keyof RoleCounts): boolean {
  return h.onDuty !== null && h.onDuty[role] < h.needed[role];
}
