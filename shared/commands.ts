/**
 * Which staff commands a visit allows in its current state — pure, so the server decides and a
 * tablet can grey out a button by the same rules.
 */
import { z } from 'zod';
import type { ErrorCode } from './api/errors.ts';
import type { EventType, Actor } from './types.ts';
import { CLOCK_STOPS, type ClockStart, type RuleId, type RuleVersion } from './rules.ts';
import { isClockOpen, qualifies, type VisitFold } from './visit.ts';
import { stateRefusal, type GatedStep } from './command-states.ts';

/** `POST …/visits/:id/confirm-replay`: a manager accepts a disputed replay, and says why. */
export const confirmReplaySchema = z.strictObject({
  rule: z.string().min(1).max(64),
  reason: z.string().trim().min(1, 'a reason is required').max(500),
});

export type VisitCommand =
  | { type: 'vip'; memberNo?: string }
  | { type: 'help' }
  | { type: 'greet' }
  | { type: 'correct-line'; line: string }
  | { type: 'call'; counter: string }
  | { type: 'recall' }
  | { type: 'start'; counter?: string }
  | { type: 'complete' }
  | { type: 'no-show' }
  | { type: 'leave' }
  | { type: 'cancel' }
  | { type: 'transfer'; toStaff?: string; toLine?: string; reason: string }
  | { type: 'correct'; eventId: number; reason: string }
  | { type: 'confirm-replay'; rule: RuleId; reason: string };

export interface BranchFacts {
  lines: string[];
  counters: string[];
  staff: string[];
  /** The rules in force now: an event that starts clocks keeps the versions it starts them under. */
  rules: Record<RuleId, RuleVersion>;
}

function startingOn(rules: Record<RuleId, RuleVersion>, kind: ClockStart): Record<RuleId, RuleVersion> {
  return Object.fromEntries(Object.entries(rules).filter(([, r]) => r.startsOn === kind));
}

export type Decision =
  { ok: true; type: EventType; payload: Record<string, unknown> } | { ok: false; code: ErrorCode; message: string };

const refuse = (code: ErrorCode, message: string): Decision => ({ ok: false, code, message });
const accept = (type: EventType, payload: Record<string, unknown> = {}): Decision => ({ ok: true, type, payload });
/** The state gate shared with the tablets (command-states.ts): a refusal outside the step's states, else null. */
const gate = (step: GatedStep, v: VisitFold): Decision | null => {
  const no = stateRefusal(step, v);
  return no && refuse(no.code, no.message);
};

/** Decides whether `actor` may do `cmd` to the visit now; on yes, the event to append. */
export function decide(v: VisitFold, cmd: VisitCommand, actor: Actor, facts: BranchFacts): Decision {
  if (cmd.type === 'correct') return decideCorrection(v, cmd);
  // Disputes are found when a replayed stop or end arrives, so the visit has usually ended by now.
  if (cmd.type === 'confirm-replay') return decideConfirmation(v, cmd);
  if (v.endedAt !== null) return refuse('visit-ended', `visit ${v.ticket} has already ended (${v.state})`);

  switch (cmd.type) {
    case 'vip':
      if (v.vipIdentifiedAt !== null) return refuse('already-vip', `visit ${v.ticket} is already identified as VIP`);
      return accept('vip-identified', {
        memberNo: cmd.memberNo ?? null,
        rules: startingOn(facts.rules, 'vip-identified'),
      });
    // Asked again, it is recorded again: the customer is still waiting for someone.
    case 'help':
      return accept('help-requested');
    case 'greet': {
      if (v.greetedAt === null) return accept('greeted');
      // A clock only some may stop (a VIP's dedicated host) still runs when someone else greeted first.
      const open = v.clocks.some(
        (c) =>
          isClockOpen(c, v) &&
          !!c.version.qualifies?.length &&
          (CLOCK_STOPS[c.version.stopsOn] as readonly string[]).includes('greeted') &&
          qualifies(actor, c.version.qualifies),
      );
      if (open) return accept('greeted');
      return refuse('already-greeted', `visit ${v.ticket} was already greeted by ${v.greetedBy}`);
    }
    case 'correct-line':
      if (!facts.lines.includes(cmd.line))
        return refuse('unknown-line', `no business line "${cmd.line}" in this branch`);
      if (cmd.line === v.line) return refuse('same-line', `visit ${v.ticket} is already on line ${cmd.line}`);
      return accept('line-corrected', { line: cmd.line });
    case 'call':
      if (!facts.counters.includes(cmd.counter))
        return refuse('unknown-counter', `no counter "${cmd.counter}" in this branch`);
      return gate('call', v) ?? accept('called', { counter: cmd.counter });
    case 'recall':
      return gate('recall', v) ?? accept('recalled', { counter: v.counter });
    case 'start':
      if (cmd.counter !== undefined && !facts.counters.includes(cmd.counter)) {
        return refuse('unknown-counter', `no counter "${cmd.counter}" in this branch`);
      }
      return gate('start', v) ?? accept('service-started', { counter: cmd.counter ?? v.counter });
    case 'complete':
      return gate('complete', v) ?? accept('completed');
    case 'no-show':
      return gate('no-show', v) ?? accept('no-show');
    case 'leave':
      return gate('leave', v) ?? accept('left');
    case 'cancel':
      return accept('cancelled');
    case 'transfer':
      if (cmd.toLine !== undefined) {
        if (!facts.lines.includes(cmd.toLine))
          return refuse('unknown-line', `no business line "${cmd.toLine}" in this branch`);
        if (cmd.toLine === v.line) return refuse('same-line', `visit ${v.ticket} is already on line ${cmd.toLine}`);
        return accept('transferred', { toLine: cmd.toLine, fromLine: v.line, reason: cmd.reason });
      }
      if (cmd.toStaff === undefined || !facts.staff.includes(cmd.toStaff)) {
        return refuse('unknown-staff', `no staff member "${cmd.toStaff}" in this branch`);
      }
      if (cmd.toStaff === v.owner) return refuse('same-owner', `${cmd.toStaff} already owns visit ${v.ticket}`);
      return accept('transferred', { toStaff: cmd.toStaff, fromStaff: v.owner, reason: cmd.reason });
  }
}

function decideCorrection(v: VisitFold, cmd: { eventId: number; reason: string }): Decision {
  const target = v.events.find((e) => e.seq === cmd.eventId);
  if (!target) return refuse('unknown-event', `event ${cmd.eventId} is not a current event of visit ${v.ticket}`);
  if (target.type === 'checked-in')
    return refuse('cannot-void-check-in', 'a check-in cannot be voided; cancel the visit instead');
  return accept('corrected', { eventId: cmd.eventId, voidedType: target.type, reason: cmd.reason });
}

function decideConfirmation(v: VisitFold, cmd: { rule: RuleId; reason: string }): Decision {
  const clock = v.clocks.find((c) => c.id === cmd.rule);
  if (!clock || clock.disputedAt === null)
    return refuse('not-disputed', `the ${cmd.rule} clock of visit ${v.ticket} is not disputed`);
  return accept('replay-confirmed', { rule: cmd.rule, reason: cmd.reason });
}
