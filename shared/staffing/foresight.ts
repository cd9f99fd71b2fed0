/**
 * Live foresight (issue 17 item 4, docs/staffing.md "Live foresight"): from the queue now, the greeters
 * on duty and the hall's recent greeting pace, which waiting customers are expected to breach a clock
 * that a greeting stops — flagged "预计超时" while there is still time to act, before the warning fires.
 * Pure: the page passes the live snapshot's open visits, the duty board's count and `now`.
 */
import { callQueue, type CallPriority } from '../call-order.ts';
import { greetingStops } from '../rules.ts';
import type { Visit } from '../types.ts';

/** The pace is measured over the last N minutes: long enough to hold a few greetings, short enough to follow the floor. */
const PACE_WINDOW_MINUTES = 15;

export interface ForesightInput {
  /** The branch's open visits (the live snapshot). */
  visits: readonly Visit[];
  /** Greeters (greeter or VIP-host role) on duty now, from the duty board. */
  greetersOnDuty: number;
  /** The branch's call order (shared/call-order.ts): customers are greeted in the order they will be called. */
  callOrder: readonly CallPriority[];
  now: number;
  windowMinutes?: number;
}

export interface Foresight {
  /** Greetings per minute over the window; null when greeters are on duty but none greeted in it (no estimate). */
  pacePerMinute: number | null;
  /** The visits expected to breach, by id, with the instant each is expected to be greeted (null: never). */
  likely: Map<string, number | null>;
}

/** The clocks a greeting stops that are still running and not yet due. */
function greetClockDue(v: Visit, now: number): number | null {
  const due = v.rules

    .filter((c) => greetingStops(c.stopsOn) && c.stoppedAt === null && c.outcome === 'running')
    .map((c) => Date.parse(c.dueAt))
    .filter((d) => d > now);
  return due.length === 0 ? null : Math.min(...due);
}

/** Greetings per minute: the open visits greeted within the window, over the window's length. */
export function greetPace(visits: readonly Visit[], now: number, windowMinutes = PACE_WINDOW_MINUTES): number {
  const from = now - windowMinutes * 60_000;
  const greeted = visits.filter((v) => {
    if (v.greetedAt === null) return false;
    const at = Date.parse(v.greetedAt);
    return at > from && at <= now;
  }).length;
  return greeted / windowMinutes;
}

/**
 * The k-th customer still to be greeted in call order (k = 1, 2, …) is expected to be greeted k ÷ pace
 * minutes from now; one whose soonest greet clock falls due before that is likely to breach. With no
 * greeter on duty nobody will be greeted: every such customer is likely to breach.
 */
export function foresee(input: ForesightInput): Foresight {
  const { visits, greetersOnDuty, callOrder, now } = input;
  const likely = new Map<string, number | null>();
  const queue = callQueue(visits, callOrder)
    .map((v) => ({ v, due: greetClockDue(v, now) }))
    .filter((q): q is { v: Visit; due: number } => q.due !== null);
  if (greetersOnDuty <= 0) {
    for (const q of queue) likely.set(q.v.id, null);
    return { pacePerMinute: 0, likely };
  }
  const pace = greetPace(visits, now, input.windowMinutes);
  // Greeters on duty but nobody greeted lately (the hall just opened): no pace to go by, so no guess.
  if (pace === 0) return { pacePerMinute: null, likely };
  queue.forEach((q, i) => {
    const expected = now + Math.round(((i + 1) / pace) * 60_000);
    if (expected > q.due) likely.set(q.v.id, expected);
  });
  return { pacePerMinute: pace, likely };
}
