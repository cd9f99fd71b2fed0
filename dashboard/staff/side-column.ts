/**
 * The side column: the customer at my counter pinned at its top (never scrolled out of sight) with the
 * call-next button beside them, then my customers (首问负责) and everyone else in the hall.
 */
import { button, h } from '../../shared/browser/dom.ts';
import { KeyedList } from '../../shared/browser/keyed-list.ts';
import type { Visit } from '../../shared/types.ts';
import { cardSignature } from './card-parts.ts';
import { counterCard, hallRow, mineCard } from './cards.ts';
import type { Ctx } from './context.ts';
import { MoreBelow } from './more.ts';

/** Who the side column shows, as sorted by queue.ts. */
export interface SideLists {
  here: Visit[];
  mine: Visit[];
  others: Visit[];
}

export class SideColumn {
  readonly el: HTMLElement;
  private readonly here: KeyedList<Visit>;
  private readonly mine: KeyedList<Visit>;
  private readonly hall: KeyedList<Visit>;
  private readonly panel = h('section', {
    class: 'counter-panel',
    'data-testid': 'counter-panel',
    'aria-labelledby': 'h-counter',
    hidden: true,
  });
  private readonly panelTitle = h('h2', { id: 'h-counter' });
  private readonly panelHead = h('div', { class: 'counter-head' }, this.panelTitle);
  private readonly panelEmpty: HTMLElement;
  private readonly callNext: HTMLButtonElement;
  private readonly body = h('div', { class: 'col-body' });
  private readonly mineCount = h('span', { class: 'count', 'data-testid': 'mine-count' });
  private readonly hallCount = h('span', { class: 'count' });
  private readonly mineEmpty: HTMLElement;
  private readonly more: MoreBelow;

  constructor(
    private readonly ctx: Ctx,
    callNext: () => void,
    /** Shown above my counter's customer, never scrolled away: the manager's 人手建议 panel. */
    top: HTMLElement | null = null,
  ) {
    const t = ctx.t;
    const sig = cardSignature(ctx);
    const list = (el: HTMLElement, card: (ctx: Ctx, v: Visit) => HTMLElement) =>
      new KeyedList<Visit>(el, { key: (v) => v.id, create: (v) => card(ctx, v), signature: sig });
    this.here = list(h('div', { class: 'list', 'data-testid': 'counter-list' }), counterCard);
    this.mine = list(h('div', { class: 'list', 'data-testid': 'mine-list' }), mineCard);
    this.hall = list(h('ul', { class: 'hall-list', 'data-testid': 'hall-list' }), hallRow);
    this.callNext = button('', callNext, 'primary', {
      class: 'btn btn-primary btn-big call-next',
      'data-testid': 'call-next',
    });
    this.panelEmpty = h('p', { class: 'empty', 'data-testid': 'counter-empty' }, t('staff.counterIdle'));
    this.panel.append(this.panelHead, this.here.container, this.panelEmpty);
    this.mineEmpty = h('p', { class: 'empty' }, t('staff.noneMine'));
    this.body.append(
      this.callNext,
      h('h2', { id: 'h-mine' }, t('staff.mine'), ' ', this.mineCount),
      this.mine.container,
      this.mineEmpty,
      h('h2', { class: 'hall-title' }, t('staff.hall'), ' ', this.hallCount),
      this.hall.container,
    );
    this.more = new MoreBelow(this.body, () => ctx.t);
    this.el = h(
      'section',
      { class: 'col col-side', 'aria-labelledby': 'h-mine', 'data-testid': 'side-column' },
      top,
      this.panel,
      this.body,
      this.more.el,
    );
  }

  /** `loaded`: false before the first snapshot, when the counts are not known ("—", never a reassuring 0). */
  render({ here, mine, others }: SideLists, loaded: boolean): void {
    const t = this.ctx.t;
    const counter = this.ctx.counter();
    this.here.render(here);
    this.mine.render(mine);
    this.hall.render(others);
    this.mineCount.textContent = loaded ? String(mine.length) : '—';
    this.hallCount.textContent = loaded ? String(others.length) : '—';
    this.mineEmpty.hidden = mine.length > 0;
    this.mineEmpty.textContent = loaded ? t('staff.noneMine') : t('staff.notLoaded');
    this.panel.hidden = counter === null;
    this.panelTitle.textContent = counter ? t('staff.atMyCounter', { counter }) : '';
    this.panelEmpty.hidden = here.length > 0;
    this.callNext.textContent = counter ? t('staff.callNext', { counter }) : t('staff.callNextPickCounter');
    // With a counter chosen, calling the next customer belongs to that counter's panel, beside who is there.
    if (counter && this.callNext.parentElement !== this.panelHead) this.panelHead.append(this.callNext);
    if (!counter && this.callNext.parentElement !== this.body) this.body.prepend(this.callNext);
  }

  /** After layout: how many cards are below the fold. */
  measure(): void {
    this.more.update();
  }
}
