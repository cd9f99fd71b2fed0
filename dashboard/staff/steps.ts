/**
 * The tablet's steps as the cards and the sheet show them: which are allowed (shared/allowed-commands.ts,
 * the same gates the server decides by), their words and look, and which wait 5 seconds for an undo.
 */
import { allowedCommands, type TabletStep } from '../../shared/allowed-commands.ts';
import type { Visit } from '../../shared/types.ts';
import type { Ctx } from './context.ts';

/** A step taken by one tap; `undo`: it cannot be taken back, so it waits for an undo before it is sent. */
export interface StepLook {
  label: string;
  kind: 'primary' | 'secondary';
  undo?: true;
  /** The step a card is for: a big button. */
  big?: true;
}

export const STEPS: Partial<Record<TabletStep, StepLook>> = {
  greet: { label: 'staff.greet', kind: 'primary' },
  start: { label: 'staff.start', kind: 'primary', big: true },
  recall: { label: 'staff.recall', kind: 'secondary' },
  'no-show': { label: 'staff.noShow', kind: 'secondary', undo: true },
  complete: { label: 'staff.complete', kind: 'primary', big: true },
  leave: { label: 'staff.leave', kind: 'secondary', undo: true },
  cancel: { label: 'staff.cancel', kind: 'secondary', undo: true },
};

/** The steps of a customer standing at my counter. */
export const COUNTER_STEPS: readonly TabletStep[] = ['start', 'recall', 'no-show', 'complete'];

/** What I may do to this visit now, from this tablet (my roles, my counter). */
export function allowedSteps(ctx: Ctx, v: Visit): TabletStep[] {
  return allowedCommands(v, { roles: ctx.me.roles, counter: ctx.counter() });
}
