/**
 * The customer's view of their own visit (DESIGN §9), pure: the state in the customer's words and the
 * estimated wait from the hall's recent pace. `now` is passed in; nothing here reads a clock.
 */
import type { VisitState } from './types.ts';

/** What the customer is told: waiting · called to a counter · being served · done (however it ended). */
export type CustomerState = 'waiting' | 'called' | 'serving' | 'done';

export function customerState(state: VisitState): CustomerState {
  return state === 'waiting' || state === 'called' || state === 'serving' ? state : 'done';
}

/** The pace is measured over the last half hour: a few calls even in a quiet hour, yet it follows the floor. */
const PACE_WINDOW_MINUTES = 30;

/**
 * Customers leaving the queue per minute (called to a counter, or served without a call) over the last
 * half hour, every line together — the counters call from all of them. Null when nobody left the queue
 * in that time: there is nothing to go by, and a guess would be a promise the hall may not keep.
 */
export function queuePace(leftQueueAt: readonly number[], now: number): number | null {
  const from = now - PACE_WINDOW_MINUTES * 60_000;
  const n = leftQueueAt.filter((t) => t > from && t <= now).length;
  return n === 0 ? null : n / PACE_WINDOW_MINUTES;
}

/**
 * With `ahead` customers to be called first, this one is the (ahead + 1)-th to leave the queue: at the
 * hall's pace that is (ahead + 1) ÷ pace minutes from now, rounded up to a whole minute (a customer
 * reads minutes, and a wait told too short disappoints more than one told too long). Null when not waiting
 * or with no pace.
 */
export function estimatedWaitSeconds(ahead: number | null, pacePerMinute: number | null): number | null {
  if (ahead === null || pacePerMinute === null || pacePerMinute <= 0) return null;
  return Math.ceil((ahead + 1) / pacePerMinute) * 60;
}
