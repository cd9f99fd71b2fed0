/**
 * The slots of a branch's day (docs/staffing.md, Advice): `staffing.slotMinutes` long, from opening to closing time in the
 * branch's zone (the last one shorter when the hours do not divide evenly), and calendar arithmetic on
 * YYYY-MM-DD days that needs no time zone.
 */
import { localInstant } from '../time.ts';

export interface Slot {
  /** Epoch ms. */
  start: number;
  end: number;
}

export interface BranchHours {
  opens: string;
  closes: string;
  timeZone: string;
}

/** The day's slots over opening hours. */
export function daySlots(day: string, hours: BranchHours, slotMinutes: number): Slot[] {
  const opens = localInstant(day, hours.opens, hours.timeZone);
  const closes = localInstant(day, hours.closes, hours.timeZone);
  const step = slotMinutes * 60_000;
  const out: Slot[] = [];
  for (let start = opens; start < closes; start += step) out.push({ start, end: Math.min(start + step, closes) });
  return out;
}

/** Which of the day's slots an instant falls in; -1 outside opening hours. */
export function slotOf(slots: readonly Slot[], ms: number): number {
  if (slots.length === 0 || ms < slots[0]!.start || ms >= slots[slots.length - 1]!.end) return -1;
  const step = slots[0]!.end - slots[0]!.start;
  return Math.min(Math.floor((ms - slots[0]!.start) / step), slots.length - 1);
}

const DAY_MS = 86_400_000;
const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The calendar day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  return new Date(utc(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utc(b) - utc(a)) / DAY_MS);
}

/** Is this a real calendar day written YYYY-MM-DD? */
export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(utc(s)) && new Date(utc(s)).toISOString().startsWith(s);
}
