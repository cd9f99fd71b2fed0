/**
 * 预计超时 and 无接待人员在岗 on the tablet: who is foreseen to breach before being greeted (the waiting
 * cards mark them), and the warning when customers wait and nobody who greets is on duty — computed here
 * from the live store and the duty board (shared/staffing/foresight.ts), no server route.
 */
import { h } from '../../shared/browser/dom.ts';
import { foresee } from '../../shared/staffing/foresight.ts';
import type { Ctx } from './context.ts';

/** Foresight moves with the clock as well as with the queue: looked at again this often. */
const RECHECK_MS = 5_000;

export class ForesightView {
  readonly warning = h('p', {
    class: 'no-greeter',
    'data-testid': 'no-greeter',
    role: 'alert',
    hidden: true,
  });
  private likely = new Set<string>();

  constructor(private readonly ctx: () => Ctx) {}

  has(visitId: string): boolean {
    return this.likely.has(visitId);
  }

  /** Recomputes from the store; true when the set of flagged customers changed (the cards must repaint). */
  update(): boolean {
    const ctx = this.ctx();
    const { store, branch } = ctx;
    const visits = [...store.visits.values()];
    const duty = store.duty;
    // Before the server reports a duty board nobody is known to be on or off duty: no guess either way.
    const next = duty
      ? new Set(
          foresee({
            visits,
            greetersOnDuty: duty.greetersOnDuty,
            callOrder: branch.callOrder,
            now: ctx.serverNow(),
          }).likely.keys(),
        )
      : new Set<string>();
    const waiting = visits.some((v) => v.state === 'waiting');
    this.warning.hidden = !(duty !== null && waiting && duty.greetersOnDuty === 0);
    this.warning.textContent = ctx.t('staff.noGreeter');
    const changed = next.size !== this.likely.size || [...next].some((id) => !this.likely.has(id));
    this.likely = next;
    return changed;
  }

  /** Calls `onChange` when the passing of time alone changes who is flagged. */
  start(onChange: () => void): () => void {
    const timer = setInterval(() => {
      if (this.update()) onChange();
    }, RECHECK_MS);
    return () => clearInterval(timer);
  }
}
