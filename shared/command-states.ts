/**
 * The visit states each step at the counter or in the queue may be taken in — one table, so the server
 * (`decide` in commands.ts) refuses and the tablet (allowed-commands.ts) offers by the same rules.
 * Free of zod and the fold, so a page imports it without either.
 */
import type { ErrorCode } from './api/errors.ts';
import type { VisitState } from './types.ts';

export type GatedStep = 'call' | 'recall' | 'start' | 'complete' | 'no-show' | 'leave';

interface Gate {
  states: readonly VisitState[];
  /** The refusal outside those states: a code the pages translate and English words. */
  code: ErrorCode;
  message(ticket: string, state: VisitState): string;
}

const GATES: Record<GatedStep, Gate> = {
  call: { states: ['waiting'], code: 'not-waiting', message: (t, s) => `visit ${t} is ${s}, not waiting` },
  recall: { states: ['called'], code: 'not-called', message: (t, s) => `visit ${t} is ${s}, not called` },
  'no-show': { states: ['called'], code: 'not-called', message: (t, s) => `visit ${t} is ${s}, not called` },
  complete: {
    states: ['serving'],
    code: 'not-serving',
    message: (t, s) => `visit ${t} is ${s}, not being served`,
  },
  start: {
    states: ['waiting', 'called'],
    code: 'already-serving',
    message: (t) => `visit ${t} is already being served`,
  },
  leave: {
    states: ['waiting', 'called'],
    code: 'already-serving',
    message: (t) => `visit ${t} is being served; complete it instead`,
  },
};

/** True when an open visit in `state` may take `step`. */
export function stepAllowedIn(step: GatedStep, state: VisitState): boolean {
  return GATES[step].states.includes(state);
}

/** Why an open visit in `state` may not take `step`, or null when it may. */
export function stateRefusal(
  step: GatedStep,
  visit: { ticket: string; state: VisitState },
): { code: ErrorCode; message: string } | null {
  const gate = GATES[step];
  if (gate.states.includes(visit.state)) return null;
  return { code: gate.code, message: gate.message(visit.ticket, visit.state) };
}
