/**
 * What happens after a change to a visit is committed, in one ordered list of named steps (report
 * revisions, the live push, the announcement to other processes, the clocks). The app states the order
 * once (server/app.ts); the hall and the open-visit cache run the list, and nothing subscribes itself
 * from a constructor. A step sees either this process's changes only, or (`remote`) every process's too.
 */
import { logger } from './logger.ts';
import type { VisitFold } from '../shared/visit.ts';
import type { VisitEvent } from '../shared/types.ts';

/** A committed change to one visit. */
export interface Committed {
  fold: VisitFold;
  /** The events this change appended (none when another process made it: `remote`). */
  appended: VisitEvent[];
  /** The visit's whole log so far: what another process needs to fold the visit itself. */
  history: VisitEvent[];
  /** Made by another process (cluster), learnt from its announcement or from the log. */
  remote: boolean;
  /** The branch-local days of the record this change touched (before and after), from the projections. */
  days: string[];
}

export interface AfterCommitStep {
  /** Says which step failed in the log. */
  name: string;
  /** Also runs for changes made by other processes (the owner of a branch plans all of its clocks). */
  remote?: boolean;
  run(change: Committed): void | Promise<void>;
}

export class AfterCommit {
  private list: readonly AfterCommitStep[] = [];

  /** Sets the steps in the order they run: once, where the app is wired. */
  steps(...steps: AfterCommitStep[]): void {
    if (this.list.length > 0) throw new Error('the after-commit steps are set once');
    this.list = steps;
  }

  /** The steps' names in order (logs, tests). */
  get names(): string[] {
    return this.list.map((s) => s.name);
  }

  /**
   * Runs the steps one after the other, each awaited (the reply to a correction comes after its report
   * revision). A step that fails is logged; it never undoes the committed change nor stops the next.
   */
  async run(change: Committed): Promise<void> {
    for (const step of this.list) {
      if (change.remote && !step.remote) continue;
      try {
        await step.run(change);
      } catch (err) {
        logger.error({ err, visit: change.fold.id, step: step.name }, 'an after-commit step failed');
      }
    }
  }
}
