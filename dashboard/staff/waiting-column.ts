/** 待接待: who is waiting for me to greet them, most urgent first, in a column that scrolls on its own. */
import { h } from '../../shared/browser/dom.ts';
import { KeyedList } from '../../shared/browser/keyed-list.ts';
import type { Visit } from '../../shared/types.ts';
import { cardSignature } from './card-parts.ts';
import { waitingCard } from './cards.ts';
import type { Ctx } from './context.ts';
import { MoreBelow } from './more.ts';

export class WaitingColumn {
  readonly el: HTMLElement;
  private readonly list: KeyedList<Visit>;
  private readonly count = h('span', { class: 'count', 'data-testid': 'waiting-count' });
  private readonly empty: HTMLElement;
  private readonly more: MoreBelow;

  constructor(private readonly ctx: Ctx) {
    const t = ctx.t;
    this.list = new KeyedList<Visit>(h('div', { class: 'list', 'data-testid': 'waiting-list' }), {
      key: (v) => v.id,
      create: (v) => waitingCard(ctx, v),
      signature: cardSignature(ctx),
    });
    this.empty = h('p', { class: 'empty' }, t('staff.noneWaiting'));
    // A fixed head, its own scrolling body, and a foot saying how many are out of sight below.
    const body = h('div', { class: 'col-body' }, this.list.container, this.empty);
    this.more = new MoreBelow(body, () => ctx.t);
    this.el = h(
      'section',
      { class: 'col col-waiting', 'aria-labelledby': 'h-waiting', 'data-testid': 'waiting-column' },
      h('h2', { id: 'h-waiting' }, t('staff.waiting'), ' ', this.count),
      body,
      this.more.el,
    );
  }

  /** `loaded`: false before the first snapshot, when the count is not known ("—", never a reassuring 0). */
  render(waiting: Visit[], loaded: boolean): void {
    const t = this.ctx.t;
    this.list.render(waiting);
    this.count.textContent = loaded ? String(waiting.length) : '—';
    this.empty.hidden = waiting.length > 0;
    this.empty.textContent = loaded ? t('staff.noneWaiting') : t('staff.notLoaded');
  }

  /** After layout: how many cards are below the fold. */
  measure(): void {
    this.more.update();
  }
}
