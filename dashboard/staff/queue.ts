/**
 * Who is waiting for me and in which order — pure functions of (visits, me, now), so the order on the
 * tablet can be reasoned about without a browser.
 */
import { isAtCounter, waitsForGreeting } from '../../shared/allowed-commands.ts';
import { mayStop, type RuleId } from '../../shared/rules.ts';
import type { StaffPublic, Visit } from '../../shared/types.ts';

/** The clock a card counts down: the soonest-due running clock this staff member can stop. */
export interface Countdown {
  rule: RuleId;
  startedAt: number;
  dueAt: number;
  /** The instant of the first warning (the rule's smallest warnAt fraction). */
  warnAt: number;
}

export type ClockState = 'running' | 'warning' | 'breached';

/** Every running clock of the visit this staff member can stop, soonest due first (a VIP carries two). */
export function clocksFor(v: Visit, me: StaffPublic): Countdown[] {
  const out: Countdown[] = [];
  for (const r of v.rules) {
    if (r.stoppedAt !== null) continue;
    // Who may stop it: its rule's `qualifies` as the clock started under it (the version the server decides by).
    if (!mayStop(me.roles, r.qualifies)) continue;
    const startedAt = Date.parse(r.startedAt);
    const dueAt = Date.parse(r.dueAt);
    const fraction = r.warnAt.length > 0 ? Math.min(...r.warnAt) : 1;
    out.push({ rule: r.id, startedAt, dueAt, warnAt: startedAt + fraction * r.targetSeconds * 1000 });
  }
  return out.sort((a, b) => a.dueAt - b.dueAt);
}

function countdownFor(v: Visit, me: StaffPublic): Countdown | null {
  return clocksFor(v, me)[0] ?? null;
}

export function clockState(c: Countdown, now: number): ClockState {
  if (now > c.dueAt) return 'breached';
  return now >= c.warnAt ? 'warning' : 'running';
}

/** Waiting for a greeting from me: the same answer as the greet step of the cards and the sheet. */
export const needsGreeting = (v: Visit, me: StaffPublic): boolean => waitsForGreeting(v, me.roles);

const priority = (v: Visit) => [v.vip ? 0 : 1, v.specialNeeds.length > 0 ? 0 : 1] as const;

/**
 * Most urgent first: overdue customers first (VIPs and special needs first among them, then the longest
 * overdue), then the least time left; the same second left counts as equal urgency, where VIPs and special
 * needs go first. Arrival breaks what is left.
 */
function byUrgency(me: StaffPublic, now: number) {
  return (a: Visit, b: Visit): number => {
    const ca = countdownFor(a, me);
    const cb = countdownFor(b, me);
    if (!ca || !cb) return (ca ? -1 : 0) - (cb ? -1 : 0) || arrival(a, b);
    const overA = now > ca.dueAt;
    const overB = now > cb.dueAt;
    if (overA !== overB) return overA ? -1 : 1;
    const leftA = overA ? 0 : Math.ceil((ca.dueAt - now) / 1000);
    const leftB = overB ? 0 : Math.ceil((cb.dueAt - now) / 1000);
    if (leftA !== leftB) return leftA - leftB;
    const [pa, pb] = [priority(a), priority(b)];
    return pa[0] - pb[0] || pa[1] - pb[1] || ca.dueAt - cb.dueAt || arrival(a, b);
  };
}

function arrival(a: Visit, b: Visit): number {
  return Date.parse(a.arrivedAt) - Date.parse(b.arrivedAt) || a.ticket.localeCompare(b.ticket);
}

export function waitingFor(visits: Iterable<Visit>, me: StaffPublic, now: number): Visit[] {
  return [...visits].filter((v) => needsGreeting(v, me)).sort(byUrgency(me, now));
}

/** The customers at my counter, the latest called first (the one standing there now). */
export function atMyCounter(visits: Iterable<Visit>, counter: string | null): Visit[] {
  const since = (v: Visit) => Date.parse(v.startedAt ?? v.calledAt ?? v.arrivedAt);
  return [...visits].filter((v) => isAtCounter(v, counter)).sort((a, b) => since(b) - since(a));
}

/** 首问负责: what I own until it is done, oldest first (those at my own counter are shown there instead). */
export function myCustomers(visits: Iterable<Visit>, me: StaffPublic, counter: string | null = null): Visit[] {
  return [...visits].filter((v) => v.endedAt === null && v.owner === me.id && !isAtCounter(v, counter)).sort(arrival);
}

/** Everyone else in the hall who has been received: greeted, called or at a counter, not mine, not at my counter. */
export function othersInHall(visits: Iterable<Visit>, me: StaffPublic, counter: string | null = null): Visit[] {
  return [...visits]
    .filter((v) => v.endedAt === null && v.owner !== me.id && !needsGreeting(v, me) && !isAtCounter(v, counter))
    .sort(arrival);
}
