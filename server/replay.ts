/**
 * Replayed time (docs/rules.md §4 "Replayed time is bounded"): what a device may claim about when something
 * happened, and which breaches such a claim would undo after the hall was told of them.
 */
import { conflict } from './errors.ts';
import type { DraftEvent } from './store/log.ts';
import { foldVisit, outcomeOf, type VisitFold } from '../shared/visit.ts';
import type { VisitEvent } from '../shared/types.ts';

/**
 * Replayed time is bounded (docs/rules.md §4): a device may not date an event before the visit's arrival, nor
 * before what already happened to it, so the numbers cannot be bent after the fact.
 */
export function boundReplay(fold: VisitFold, occurredAt: number): void {
  if (occurredAt < fold.arrivedAt) {
    throw conflict(
      'occurred-before-arrival',
      `occurredAt: ${new Date(occurredAt).toISOString()} is before the visit's arrival at ${new Date(fold.arrivedAt).toISOString()}`,
    );
  }
  const latest = fold.events.reduce((max, e) => Math.max(max, e.occurredAt), fold.arrivedAt);
  if (occurredAt < latest) {
    throw conflict(
      'occurred-before-latest',
      `occurredAt: ${new Date(occurredAt).toISOString()} is before the visit's latest event at ${new Date(latest).toISOString()}`,
    );
  }
}

/**
 * The rules whose breach `draft` would undo although the breach alert has fired (stored, so sent or about
 * to be): a stop or end dated at or before due that comes after the hall was told. Recorded in the event,
 * so every process folds the same dispute.
 */
export async function disputedBy(
  before: VisitFold,
  all: VisitEvent[],
  draft: DraftEvent,
  now: number,
  firedAlerts: (visitId: string) => Promise<Set<string>>,
): Promise<string[]> {
  const after = foldVisit([...all, { ...draft, seq: Number.MAX_SAFE_INTEGER, recordedAt: now }]);
  if (!after) return [];
  const flipped = after.clocks.filter((c) => {
    const was = before.clocks.find((b) => b.id === c.id);
    return was && outcomeOf(was, before.endedAt, now) === 'breached' && outcomeOf(c, after.endedAt, now) !== 'breached';
  });
  if (flipped.length === 0) return [];
  const fired = await firedAlerts(before.id);
  return flipped.filter((c) => fired.has(`${before.id}:${c.id}:breach:${c.due}`)).map((c) => c.id);
}
