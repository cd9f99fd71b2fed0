/**
 * What a staff member may do to a visit from the tablet, as the console's cards and its sheet both
 * offer it: the server's state gates (command-states.ts, which `decide` uses), who may still greet, and
 * where a step belongs — counter steps only at the counter the customer stands at, whoever greeted them.
 * Pure: a function of the visit as the tablet has it and of me.
 */
import { stepAllowedIn } from './command-states.ts';
import { greetingStops, mayStop, type StaffRole } from './rules.ts';
import type { Visit } from './types.ts';

/** The steps a tablet offers, in the order a sheet lists them. */
const TABLET_STEPS = [
  'greet',
  'call',
  'start',
  'recall',
  'no-show',
  'complete',
  'leave',
  'cancel',
  'correct-line',
  'transfer',
] as const;
export type TabletStep = (typeof TABLET_STEPS)[number];

/** Who is asking: my roles, and the counter this tablet calls to (null: none chosen). */
export interface Me {
  roles: readonly StaffRole[];
  counter: string | null;
}

/**
 * Still to be greeted by me: nobody has, or a clock that only some may stop by a greeting still runs
 * and I am one of them — a VIP whose dedicated-host clock runs after someone else greeted them, for a VIP
 * host (the server's `decide` accepts that second greeting by the same test).
 */
export function waitsForGreeting(v: Visit, roles: readonly StaffRole[]): boolean {
  if (v.endedAt !== null || v.state !== 'waiting') return false;
  if (v.greetedAt === null) return true;
  return v.rules.some(
    (r) => r.stoppedAt === null && !!r.qualifies?.length && greetingStops(r.stopsOn) && mayStop(roles, r.qualifies),
  );
}

/** Called to or being served at this counter — whoever greeted them (the counter screens of Qmatic, NovoSGA). */
export function isAtCounter(v: Visit, counter: string | null): boolean {
  return (
    counter !== null && v.endedAt === null && v.counter === counter && (v.state === 'called' || v.state === 'serving')
  );
}

/** The steps I may take on this visit now, in TABLET_STEPS order; none once it has ended. */
export function allowedCommands(v: Visit, me: Me): TabletStep[] {
  if (v.endedAt !== null) return [];
  const here = isAtCounter(v, me.counter);
  const allowed: Record<TabletStep, boolean> = {
    greet: waitsForGreeting(v, me.roles),
    // To any counter (the sheet lists them all); a card offers mine when I have one.
    call: stepAllowedIn('call', v.state),
    start: here && stepAllowedIn('start', v.state),
    recall: here && stepAllowedIn('recall', v.state),
    'no-show': here && stepAllowedIn('no-show', v.state),
    complete: here && stepAllowedIn('complete', v.state),
    leave: stepAllowedIn('leave', v.state),
    cancel: true,
    'correct-line': true,
    transfer: true,
  };
  return TABLET_STEPS.filter((s) => allowed[s]);
}
