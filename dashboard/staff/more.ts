/**
 * "下方还有 12 位": a scrolling column says how many of its customers are out of sight below, so a
 * long queue is never mistaken for a short one.
 */
import type { Translate } from '../../shared/i18n/index.ts';
import { h } from '../../shared/browser/dom.ts';

export class MoreBelow {
  readonly el = h('p', { class: 'more-below', 'data-testid': 'more-below', role: 'status', hidden: true });

  constructor(
    private readonly scroller: HTMLElement,
    private readonly t: () => Translate,
  ) {
    scroller.addEventListener('scroll', () => this.update(), { passive: true });
  }

  update(): void {
    const bottom = this.scroller.getBoundingClientRect().bottom;
    let n = 0;
    this.scroller.querySelectorAll('[data-ticket]').forEach((el) => {
      if (el.getBoundingClientRect().top >= bottom - 4) n++;
    });
    this.el.hidden = n === 0;
    const text = n ? this.t()('staff.moreBelow', { n }) : '';
    if (this.el.textContent !== text) this.el.textContent = text;
  }
}
