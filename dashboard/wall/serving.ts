/** 正在叫号: one tile per counter with the ticket called to it or being served there. */
import type { Visit } from '../../shared/types.ts';
import type { WallContext } from './context.ts';
import { el, setText } from '../../shared/browser/dom.ts';
import { KeyedList } from '../../shared/browser/keyed-list.ts';
import type { HallState } from './state.ts';

interface Tile {
  counter: string;
  visit: Visit | null;
}

export class ServingView {
  private readonly list: KeyedList<Tile>;

  constructor(
    private readonly container: HTMLElement,
    private ctx: () => WallContext,
  ) {
    this.list = new KeyedList<Tile>(container, {
      key: (tile) => tile.counter,
      create: () => {
        const li = el('li', 'serving-tile');
        li.append(el('span', 'serving-counter'), el('span', 'serving-ticket'), el('span', 'serving-state'));
        return li;
      },
      update: (li, tile) => this.fill(li, tile),
    });
  }

  render(state: HallState): void {
    const at = new Map<string, Visit>();
    for (const v of state.visits.values()) {
      if ((v.state !== 'called' && v.state !== 'serving') || v.counter === null) continue;
      const current = at.get(v.counter);
      // Two tickets at one counter (called while the last is still served): the latest call shows.
      if (!current || (v.calledAt ?? v.startedAt ?? '') > (current.calledAt ?? current.startedAt ?? ''))
        at.set(v.counter, v);
    }
    const { counters } = this.ctx().branch;
    // More than three counters: two smaller tiles a row, so every counter stays on the screen.
    this.container.classList.toggle('many', counters.length > 3);
    this.list.render(counters.map((counter) => ({ counter, visit: at.get(counter) ?? null })));
  }

  private fill(li: HTMLElement, { counter, visit }: Tile): void {
    const { t } = this.ctx();
    const [c, ticket, stateText] = li.children as unknown as [HTMLElement, HTMLElement, HTMLElement];
    setText(c, t('serving.counter', { counter }));
    setText(ticket, visit?.ticket ?? '—');
    const said = visit ? t(visit.state === 'called' ? 'serving.called' : 'serving.serving') : t('serving.idle');
    // A customer checked in while the kiosk was offline holds a 临- number: show it beside the call.
    setText(stateText, visit?.provisionalTicket ? `${said} · ${visit.provisionalTicket}` : said);
    li.dataset.state = visit?.state ?? 'idle';
    li.dataset.ticket = visit?.ticket ?? '';
  }
}
