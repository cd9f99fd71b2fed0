/** Alert handling as the API and the pages see it: the acknowledgement body and the day's list query. */
import { z } from 'zod';
import type { Alert } from './types.ts';

export const NOTE_MAX = 200;

export const ackSchema = z.strictObject({
  note: z.string().trim().max(NOTE_MAX, `a note has at most ${NOTE_MAX} characters`).optional(),
});
export type AckBody = z.input<typeof ackSchema>;

export const alertsQuerySchema = z.object({ date: z.iso.date().optional() });

/** Kinds that call for someone to act (a manager may acknowledge them); `resolved` only closes others. */
export const ACTIONABLE: readonly Alert['kind'][] = ['warning', 'breach', 'escalation'];

/** The id of the escalation of a breach, so it can be stored — and sent — once. */
export const escalationId = (breachId: string) => `${breachId}:escalation`;
