/**
 * 等候情况: how many wait per line, how many not yet greeted, the longest current wait. Staff on duty
 * is shown only once the server reports it — never a made-up number.
 */
import type { DutyBoard } from '../../shared/socket.ts';
import type { Visit } from '../../shared/types.ts';
import { lineName, type WallContext } from './context.ts';
import { duration } from './format.ts';
import { el, setText } from '../../shared/browser/dom.ts';
import { KeyedList } from '../../shared/browser/keyed-list.ts';
import type { HallState } from './state.ts';

interface LineRow {
  line: string;
  waiting: Visit[];
}

export class WaitingView {
  private readonly list: KeyedList<LineRow>;
  /** The server's duty board; null while it has reported none (then no staff number is shown). */
  duty: DutyBoard | null = null;

  constructor(
    container: HTMLElement,
    private readonly total: HTMLElement,
    private ctx: () => WallContext,
  ) {
    this.list = new KeyedList<LineRow>(container, {
      key: (row) => row.line,
      // An empty row: tick() fills it, and runs right after every render().
      create: () => {
        const li = el('li', 'waiting-line');
        li.append(el('span', 'waiting-name'), el('span', 'waiting-count'), el('span', 'waiting-detail'));
        return li;
      },
    });
  }

  private rows: LineRow[] = [];

  render(state: HallState): void {
    const byLine = new Map<string, Visit[]>(this.ctx().branch.lines.map((l) => [l.id, []]));
    for (const v of state.visits.values()) if (v.state === 'waiting') byLine.get(v.line)?.push(v);
    this.rows = [...byLine].map(([line, waiting]) => ({ line, waiting }));
    this.list.render(this.rows);
  }

  /** Waits grow by the second. */
  tick(now: number): void {
    const ctx = this.ctx();
    const { t } = ctx;
    let all = 0;
    for (const [key, li] of this.list.entries()) {
      const row = this.rows.find((r) => r.line === key);
      if (!row) continue;
      all += row.waiting.length;
      const [name, count, detail] = li.children as unknown as [HTMLElement, HTMLElement, HTMLElement];
      setText(name, lineName(ctx, row.line));
      setText(count, t('waiting.count', { count: row.waiting.length }));
      li.dataset.count = String(row.waiting.length);
      if (row.waiting.length === 0) {
        setText(detail, t('waiting.none'));
        continue;
      }
      const oldest = Math.min(...row.waiting.map((v) => Date.parse(v.arrivedAt)));
      const notGreeted = row.waiting.filter((v) => v.greetedAt === null).length;
      setText(
        detail,
        `${t('waiting.notGreeted', { count: notGreeted })} · ${t('waiting.longest', { time: duration(now - oldest) })}`,
      );
    }
    const d = this.duty;
    // docs/rules.md §1: customers waiting and no greeter on duty is a problem the hall must see.
    const unattended = d !== null && all > 0 && d.greetersOnDuty === 0;
    this.total.classList.toggle('unattended', unattended);
    const text =
      d === null
        ? t('waiting.total', { count: all })
        : t('waiting.staff', { onDuty: d.onDuty, greeters: d.greetersOnDuty, waiting: all });
    setText(this.total, unattended ? `${text} · ${t('waiting.noGreeter')}` : text);
  }
}
