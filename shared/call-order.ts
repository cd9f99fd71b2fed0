/**
 * The order in which counters call waiting customers (call-next): the branch's priorities in turn
 * (`callOrder`, e.g. VIP, then special needs), then who arrived first. One place, so the counter's
 * "call next" and the kiosk's "N ahead of you" can never disagree.
 */
import type { Visit } from './types.ts';

export type CallPriority = 'vip' | 'special-needs';

const PRIORITY: Record<CallPriority, (v: Visit) => boolean> = {
  vip: (v) => v.vip,
  'special-needs': (v) => v.specialNeeds.length > 0,
};

/** Every waiting visit (any line — a counter calls from all of them) in the order they will be called. */
export function callQueue(visits: readonly Visit[], order: readonly CallPriority[]): Visit[] {
  const waiting = visits.filter((v) => v.state === 'waiting' && v.endedAt === null);
  const rank = (v: Visit) => order.map((p) => (PRIORITY[p](v) ? 0 : 1));
  return waiting.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return Date.parse(a.arrivedAt) - Date.parse(b.arrivedAt) || a.ticket.localeCompare(b.ticket);
  });
}

/** How many will be called before this visit; null when it is not waiting. */
export function aheadOf(visits: readonly Visit[], visitId: string, order: readonly CallPriority[]): number | null {
  const i = callQueue(visits, order).findIndex((v) => v.id === visitId);
  return i < 0 ? null : i;
}
