/**
 * 请工作人员协助 from the kiosk's 长辈模式 (issue 19): the customer's card is highlighted with a 需要协助
 * mark, and the moment a tablet first sees the flag it shows a toast "需要协助 · A003" and beeps — on every
 * tablet of the branch, since any greeter near the kiosk should go.
 */
import './help.css';
import { h } from '../../shared/browser/dom.ts';
import { ticketLabel } from '../../shared/ticket-label.ts';
import type { Visit } from '../../shared/types.ts';
import type { Ctx } from './context.ts';
import { beep } from './sound.ts';

export const helpClass = (v: Visit): string => (v.helpRequested ? ' help-requested' : '');

export function helpMark(ctx: Ctx, v: Visit): HTMLElement | null {
  return v.helpRequested
    ? h('span', { class: 'badge-help', 'data-testid': 'mark-help' }, ctx.t('staff.helpRequested'))
    : null;
}

export class HelpWatch {
  /** Visits already announced on this tablet: a reconnect's snapshot does not announce them again. */
  private readonly told = new Set<string>();

  constructor(private readonly ctx: () => Ctx) {}

  check(visits: Iterable<Visit>): void {
    for (const v of visits) {
      if (!v.helpRequested || this.told.has(v.id)) continue;
      this.told.add(v.id);
      const ctx = this.ctx();
      ctx.toast(ctx.t('staff.helpToast', { ticket: ticketLabel(v, ctx.lang) }), 'help');
      beep(true);
    }
  }
}
