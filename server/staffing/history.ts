/**
 * A branch's history as staffing reads it: arrivals and VIP identifications per day and slot, imported and
 * live visits alike (both are rows of `visits`), and the greetings and waits the estimators measure.
 */
import type { Sql } from '../store/sql.ts';
import type { Visit } from '../../shared/types.ts';
import type { DayCounts } from '../../shared/staffing/forecast.ts';
import type { Greeting, Wait } from '../../shared/staffing/estimate.ts';
import { addDays, daySlots, daysBetween, slotOf, type BranchHours } from '../../shared/staffing/slots.ts';

export interface BranchHistory {
  arrivals: DayCounts;
  vipArrivals: DayCounts;
  greetings: Greeting[];
  receptionWaits: Wait[];
  vipWaits: Wait[];
}

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

/**
 * The branch's days from `from` up to (not including) `until`. Every day from the branch's first recorded
 * visit on is present — a day with no visits as zeros (the hall was closed) — and days before it are absent
 * (no history), so the forecast can tell a quiet day from a day it knows nothing about.
 */
export async function readHistory(
  sql: Sql,
  branch: string,
  hours: BranchHours,
  slotMinutes: number,
  from: string,
  until: string,
): Promise<BranchHistory> {
  const first = await sql.get<{ day: string | null }>('SELECT min(day) AS day FROM visits WHERE branch = ?', [branch]);
  const arrivals = new Map<string, number[]>();
  const vipArrivals = new Map<string, number[]>();
  const grids = new Map<string, ReturnType<typeof daySlots>>();
  const start = first?.day && first.day > from ? first.day : from;
  for (let i = 0; i < daysBetween(start, until); i++) {
    const day = addDays(start, i);
    const grid = daySlots(day, hours, slotMinutes);
    grids.set(day, grid);
    arrivals.set(day, new Array<number>(grid.length).fill(0));
    vipArrivals.set(day, new Array<number>(grid.length).fill(0));
  }
  const out: BranchHistory = { arrivals, vipArrivals, greetings: [], receptionWaits: [], vipWaits: [] };
  if (!first?.day) return out;

  const rows = await sql.rows<[string, string]>(
    'SELECT day, data FROM visits WHERE branch = ? AND day >= ? AND day < ?',
    [branch, start, until],
  );
  for (const [day, data] of rows) {
    const v = JSON.parse(data) as Visit;
    const grid = grids.get(day);
    if (grid) {
      const s = slotOf(grid, Date.parse(v.arrivedAt));
      if (s >= 0) arrivals.get(day)![s]!++;
      const vipAt = ms(v.vipIdentifiedAt);
      // A VIP identified later than their arrival day's close is still that day's (the visit's day).
      const sv = vipAt === null ? -1 : slotOf(grid, vipAt);
      if (sv >= 0) vipArrivals.get(day)![sv]!++;
    }
    collectPeople(v, out);
  }
  return out;
}

function collectPeople(v: Visit, out: BranchHistory): void {
  const end = ms(v.endedAt);
  const left = v.state === 'left';
  const reception = v.rules.find((r) => r.id === 'reception');
  const vipClock = v.rules.find((r) => r.id === 'vip-reception');
  if (reception)
    out.receptionWaits.push({ start: Date.parse(reception.startedAt), stop: ms(reception.stoppedAt), end, left });
  if (vipClock) out.vipWaits.push({ start: Date.parse(vipClock.startedAt), stop: ms(vipClock.stoppedAt), end, left });
  const greetedAt = ms(v.greetedAt);
  if (greetedAt !== null && v.greetedBy) {
    out.greetings.push({
      by: v.greetedBy,
      at: greetedAt,
      // This greeting received a VIP: it is the one that stopped their VIP clock.
      vip: vipClock !== undefined && ms(vipClock.stoppedAt) === greetedAt && vipClock.stoppedBy === v.greetedBy,
    });
  }
}
