/**
 * What the 人手建议 panel shows (the wall and the manager's tablet), from the day's advice and `now`: per role,
 * on duty and needed in the slot under way, the most needed in the next two hours, and, when on duty falls
 * short anywhere in that window, the slot where the shortfall starts and how many more people the window
 * needs from then on — so the line reads before the peak, not during it.
 */
import type { RoleCounts, StaffingAdvice } from './advice.ts';

/** How far ahead the panel looks. */
const PANEL_AHEAD_MS = 2 * 3600_000;

export type PanelRole = keyof RoleCounts;

export interface PanelRow {
  role: PanelRole;
  /** On duty now (null: the duty board has no word for this day yet). */
  onDuty: number | null;
  neededNow: number;
  /** The most needed in any slot from now to two hours ahead. */
  neededPeak: number;
  /** The first slot in the window short of people: its local start (HH:mm) and how many to add. */
  short: { from: string; add: number } | null;
}

export interface StaffingPanel {
  /** The local start (HH:mm) of the slot under way; null when the branch is closed now. */
  now: string | null;
  rows: PanelRow[];
  /**
   * False when the day's forecast is empty (no history yet): "enough staff" would then be a guess the hall
   * must not read as advice, so the panel says there is no forecast.
   */
  forecast: boolean;
}

const ROLES: PanelRole[] = ['greeters', 'vipHosts'];
/** "2026-03-02T10:00:00+08:00" → "10:00": the advice's times already carry the branch's offset. */
const hhmm = (iso: string) => iso.slice(11, 16);

export function staffingPanel(advice: StaffingAdvice, now: number): StaffingPanel {
  const window = advice.slots.filter((s) => Date.parse(s.end) > now && Date.parse(s.start) < now + PANEL_AHEAD_MS);
  const current = window[0] && Date.parse(window[0].start) <= now ? window[0] : undefined;
  const rows = ROLES.map((role): PanelRow => {
    const onDuty = current?.onDuty?.[role] ?? window.find((s) => s.onDuty)?.onDuty?.[role] ?? null;
    const neededPeak = Math.max(0, ...window.map((s) => s.needed[role]));
    let short: PanelRow['short'] = null;
    const firstShort = window.findIndex((s) => s.needed[role] > (s.onDuty?.[role] ?? onDuty ?? 0));
    if (firstShort >= 0) {
      // From the first short slot on, the most any later slot in the window lacks: one line, one number.
      const add = Math.max(...window.slice(firstShort).map((s) => s.needed[role] - (s.onDuty?.[role] ?? onDuty ?? 0)));
      short = { from: hhmm(window[firstShort]!.start), add };
    }
    return { role, onDuty, neededNow: current?.needed[role] ?? 0, neededPeak, short };
  });
  return { now: current ? hhmm(current.start) : null, rows, forecast: advice.slots.some((s) => s.arrivals > 0) };
}

/** When the panel next changes by itself: the end of the slot under way (or a slot length ahead). */
export function nextSlotAt(advice: StaffingAdvice, now: number): number {
  const next = advice.slots.find((s) => Date.parse(s.end) > now);
  return next ? Date.parse(next.end) : now + advice.slotMinutes * 60_000;
}
