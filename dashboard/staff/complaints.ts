/**
 * Complaints on a manager's tablet (issue 19 item 3): each open `complaint` alert — a customer rated the
 * service 1 or 2 stars — with the ticket, the stars, who completed the service and the customer's words,
 * until a manager acknowledges it. Only managers get the words and the name (server/realtime.ts).
 */
import type { Alert } from '../../shared/types.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { RATING_TAGS } from '../../shared/rating.ts';
import { hhmm, lineName, type Ctx } from './context.ts';

export class ComplaintList {
  readonly el = h('section', { class: 'complaints', 'data-testid': 'complaints', role: 'region', hidden: true });
  private readonly acking = new Set<string>();

  constructor(
    private readonly ctx: () => Ctx,
    private readonly acknowledge: (alerts: Alert[]) => Promise<void>,
  ) {}

  render(): void {
    const ctx = this.ctx();
    const open = ctx.me.roles.includes('manager')
      ? ctx.store.alerts.filter((a) => a.kind === 'complaint' && !a.acknowledgedBy && !a.resolvedAt)
      : [];
    this.el.hidden = open.length === 0;
    this.el.replaceChildren(...open.map((a) => this.row(ctx, a)));
  }

  private row(ctx: Ctx, a: Alert): HTMLElement {
    const c = a.complaint;
    const tags = (c?.tags ?? []).map((id) => RATING_TAGS.find((x) => x.id === id)?.[ctx.lang] ?? id).join('、');
    const busy = this.acking.has(a.id);
    return h(
      'div',
      { class: 'complaint-row', 'data-testid': 'complaint', 'data-ticket': a.ticket },
      h('span', { class: 'complaint-kind' }, ctx.t('complaint.kind')),
      h(
        'span',
        { class: 'complaint-text' },
        ctx.t('complaint.text', {
          ticket: a.ticket,
          line: lineName(ctx, a.line),
          score: c?.score ?? '—',
          staff: c?.staff?.name ?? '—',
          time: hhmm(ctx, a.firedAt),
        }),
        tags ? h('span', { class: 'complaint-tags' }, tags) : null,
        c?.comment ? h('q', { class: 'complaint-comment', 'data-testid': 'complaint-comment' }, c.comment) : null,
      ),
      button(busy ? ctx.t('staff.sending') : ctx.t('staff.alerts.ack'), () => void this.ack(a), 'secondary', {
        'data-action': 'ack-complaint',
        disabled: busy,
      }),
    );
  }

  private async ack(a: Alert): Promise<void> {
    if (this.acking.has(a.id)) return;
    this.acking.add(a.id);
    this.render();
    try {
      await this.acknowledge([a]);
    } finally {
      this.acking.delete(a.id);
      this.render();
    }
  }
}
