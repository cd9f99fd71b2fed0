/** 最近叫号: the last five calls, newest first, so a customer who looked away can still find their counter. */
import type { WallContext } from './context.ts';
import { clockTime } from './format.ts';
import { el, setText } from '../../shared/browser/dom.ts';
import { KeyedList } from '../../shared/browser/keyed-list.ts';
import type { HallState, RecentCall } from './state.ts';

export class RecentView {
  private readonly list: KeyedList<RecentCall>;

  constructor(
    container: HTMLElement,
    private readonly empty: HTMLElement,
    private ctx: () => WallContext,
  ) {
    this.list = new KeyedList<RecentCall>(container, {
      key: (c) => `${c.visitId}@${c.at}`,
      create: () => {
        const li = el('li', 'recent-call');
        li.append(el('span', 'recent-ticket'), el('span', 'recent-counter'), el('span', 'recent-time'));
        return li;
      },
      update: (li, c) => this.fill(li, c),
    });
  }

  render(state: HallState): void {
    this.list.render(state.recentCalls);
    this.empty.hidden = state.recentCalls.length > 0;
  }

  private fill(li: HTMLElement, c: RecentCall): void {
    const { t, branch } = this.ctx();
    const [ticket, counter, time] = li.children as unknown as [HTMLElement, HTMLElement, HTMLElement];
    li.dataset.ticket = c.ticket;
    setText(ticket, c.ticket);
    setText(counter, t('recent.counter', { counter: c.counter }));
    setText(time, clockTime(Date.parse(c.at), branch.timeZone).slice(0, 5));
  }
}
