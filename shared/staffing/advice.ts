/**
 * Staffing advice for a branch and day (docs/staffing.md, Advice): per slot, the forecast arrivals and the fewest greeters
 * and VIP hosts that keep the share of customers waiting longer than the target within 1 − objective by
 * Erlang C — and, where the branch's patience is known, the same by Erlang A beside it.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { erlangAServers, erlangCServers } from './erlang.ts';

/** People by role: greeters (the reception rule) and VIP hosts (the VIP rule). */
export interface RoleCounts {
  greeters: number;
  vipHosts: number;
}

export interface AdviceSlotInput {
  /** Epoch ms. */
  start: number;
  end: number;
  /** Forecast arrivals in the slot (all customers: each starts a reception clock). */
  arrivals: number;
  /** Forecast VIP identifications in the slot (each starts a VIP clock). */
  vipArrivals: number;
  /** Who is (or was) on duty, when known. */
  onDuty?: RoleCounts;
}

/** How a handle time or patience was arrived at. */
export type Source = 'configured' | 'estimated' | 'default';

export interface AdviceInput {
  branch: string;
  /** The branch-local day, YYYY-MM-DD. */
  date: string;
  timeZone: string;
  objective: number;
  slotMinutes: number;
  slots: readonly AdviceSlotInput[];
  /** The reception and VIP targets (seconds), from the branch's rules. */
  targetSeconds: RoleCounts;
  handleSeconds: { greeters: number; vipHosts: number };
  handleSource?: { greeters: Source; vipHosts: Source };
  /** Mean patience (seconds) where it could be estimated; Erlang A is given only for those roles. */
  patienceSeconds?: { greeters: number | null; vipHosts: number | null };
}

export interface StaffingSlot {
  /** ISO 8601 with the branch's offset. */
  start: string;
  end: string;
  arrivals: number;
  needed: RoleCounts;
  onDuty?: RoleCounts;
  /** Beyond the shape in docs/staffing.md (Advice): the forecast VIP identifications behind `needed.vipHosts`. */
  vipArrivals: number;
  /** Beyond the shape in docs/staffing.md (Advice): the counts Erlang A asks for, where patience is known (null: not known). */
  erlangA?: { greeters: number | null; vipHosts: number | null };
}

/** The answer docs/staffing.md (Advice) describes, with what it was computed from. */
export interface StaffingAdvice {
  branch: string;
  date: string;
  objective: number;
  slotMinutes: number;
  slots: StaffingSlot[];
  handleSeconds: { greeters: { seconds: number; source: Source }; vipHosts: { seconds: number; source: Source } };
  patienceSeconds: { greeters: number | null; vipHosts: number | null };
  targetSeconds: RoleCounts;
}

/** An instant as ISO 8601 with the zone's offset at that instant (2026-03-02T10:00:00+08:00). */
function isoInZone(ms: number, timeZone: string): string {
  return format(new TZDate(ms, timeZone), "yyyy-MM-dd'T'HH:mm:ssXXX");
}

/**
 * The same for many instants of one day: formatting through the zone database costs a fraction of a
 * millisecond each (a day of slots, 192 instants, took most of the advice's time), so the offset is read
 * at the day's first and last instant and, when it did not change (no daylight-saving switch that day),
 * applied by arithmetic.
 */
function isoFormatter(first: number, last: number, timeZone: string): (ms: number) => string {
  const offset = (ms: number) => -new TZDate(ms, timeZone).getTimezoneOffset();
  const minutes = offset(first);
  if (offset(last) !== minutes) return (ms) => isoInZone(ms, timeZone);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const suffix = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return (ms) => new Date(ms + minutes * 60_000).toISOString().slice(0, 19) + suffix;
}

/** The fewest people for one role in one slot: Erlang C, and Erlang A when patience is known. */
function neededFor(
  arrivals: number,
  slotSeconds: number,
  target: number,
  handle: number,
  patience: number | null,
  maxShare: number,
): { c: number; a: number | null } {
  if (!(arrivals > 0) || slotSeconds <= 0) return { c: 0, a: patience === null ? null : 0 };
  const perSecond = arrivals / slotSeconds;
  const c = erlangCServers(perSecond * handle, target, handle, maxShare);
  if (patience === null) return { c, a: null };
  const queue = { arrivalsPerSecond: perSecond, handleSeconds: handle, patienceSeconds: patience };
  return { c, a: erlangAServers(queue, target, maxShare, c) };
}

/** The advice for one branch and day: a pure function of the forecast, the configuration and who is on duty. */
export function advise(input: AdviceInput): StaffingAdvice {
  const maxShare = 1 - input.objective;
  const patience = input.patienceSeconds ?? { greeters: null, vipHosts: null };
  const withA = patience.greeters !== null || patience.vipHosts !== null;
  const iso =
    input.slots.length === 0
      ? (ms: number) => isoInZone(ms, input.timeZone)
      : isoFormatter(input.slots[0]!.start, input.slots[input.slots.length - 1]!.end, input.timeZone);
  const slots = input.slots.map((s): StaffingSlot => {
    const seconds = (s.end - s.start) / 1000;
    const g = neededFor(
      s.arrivals,
      seconds,
      input.targetSeconds.greeters,
      input.handleSeconds.greeters,
      patience.greeters,
      maxShare,
    );
    const v = neededFor(
      s.vipArrivals,
      seconds,
      input.targetSeconds.vipHosts,
      input.handleSeconds.vipHosts,
      patience.vipHosts,
      maxShare,
    );
    return {
      start: iso(s.start),
      end: iso(s.end),
      arrivals: s.arrivals,
      needed: { greeters: g.c, vipHosts: v.c },
      ...(s.onDuty ? { onDuty: { ...s.onDuty } } : {}),
      vipArrivals: s.vipArrivals,
      ...(withA ? { erlangA: { greeters: g.a, vipHosts: v.a } } : {}),
    };
  });
  const source = input.handleSource ?? { greeters: 'configured', vipHosts: 'configured' };
  return {
    branch: input.branch,
    date: input.date,
    objective: input.objective,
    slotMinutes: input.slotMinutes,
    slots,
    handleSeconds: {
      greeters: { seconds: input.handleSeconds.greeters, source: source.greeters },
      vipHosts: { seconds: input.handleSeconds.vipHosts, source: source.vipHosts },
    },
    patienceSeconds: { ...patience },
    targetSeconds: { ...input.targetSeconds },
  };
}
