/**
 * Staff-facing output carries a member number only masked (`******1234`): the log keeps it whole for the
 * record, but a visit's history read through the API must not hand it out (issue 15, finding 8).
 */
import { maskMemberNo } from '../shared/visit.ts';
import type { VisitEvent } from '../shared/types.ts';

/** Masks every `memberNo` in a value, however deep (check-in's `vip.memberNo`, identification's `memberNo`). */
function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === 'memberNo' && typeof v === 'string' ? maskMemberNo(v) : masked(v)]),
  );
}

/** An event of the log as staff may see it. */
export function staffEvent(e: VisitEvent): VisitEvent {
  return { ...e, payload: masked(e.payload) as Record<string, unknown> };
}
