/** Alert handling as the API and the pages see it: the acknowledgement body and the day's list query. */
import { z } from 'zod';
import type { Alert } from './types.ts';

const NOTE_MAX = 200;

export const ackSchema = z.strictObject({
  note: z.string().trim().max(NOTE_MAX, `a note has at most ${NOTE_MAX} characters`).optional(),
});

export const alertsQuerySchema = z.object({ date: z.iso.date().optional() });

/** Kinds that call for someone to act (a manager may acknowledge them); `resolved` only closes others. */
export const ACTIONABLE: readonly Alert['kind'][] = ['warning', 'breach', 'escalation', 'complaint'];

/**
 * Applies a pushed alert to a branch's open alerts (by id) — one rule for every screen and for the
 * server's snapshot cache: a resolution closes every alert of that visit's rule; an alert that has been
 * resolved goes; anything else replaces its earlier copy (an acknowledgement, say).
 */
export function applyToOpenAlerts(open: Map<string, Alert>, a: Alert): void {
  if (a.kind === 'resolved') {
    for (const [id, x] of open) if (x.visitId === a.visitId && x.rule === a.rule) open.delete(id);
  } else if (!ACTIONABLE.includes(a.kind) || a.resolvedAt) {
    open.delete(a.id);
  } else {
    open.set(a.id, a);
  }
}

/** The id of the escalation of a breach, so it can be stored — and sent — once. */
export const escalationId = (breachId: string) => `${breachId}:escalation`;
