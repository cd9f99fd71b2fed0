/**
 * The alert banner: open breaches, warnings and escalations, most serious first, each with who
 * acknowledged it. An acknowledge button shows only while a manager is signed in on the wall; clicks
 * are handled once on the list (no listener per alert).
 */
import type { Alert } from '../../shared/types.ts';
import { ruleLabel, type WallContext } from './context.ts';
import { fitItems } from './fit.ts';
import { clockTime } from './format.ts';
import { el, setText } from '../../shared/browser/dom.ts';
import { KeyedList } from '../../shared/browser/keyed-list.ts';
import type { HallState } from './state.ts';

/** Items built before fitting the banner's width; the rest are counted (另有 N 条). */
const MAX_SHOWN = 8;
const SEVERITY: Record<Alert['kind'], number> = { escalation: 0, breach: 1, complaint: 2, warning: 2, resolved: 3 };

export class AlertBanner {
  private readonly list: KeyedList<Alert>;
  private canAck = false;

  constructor(
    private readonly banner: HTMLElement,
    private readonly summary: HTMLElement,
    private readonly listEl: HTMLElement,
    private readonly more: HTMLElement,
    private ctx: () => WallContext,
    onAck: (alert: Alert) => void,
    /** A staff member's name by id (the wall says 已确认 赵敏, not m01). */
    private readonly staffName: (id: string) => string,
  ) {
    this.list = new KeyedList<Alert>(listEl, {
      key: (a) => a.id,
      create: () => {
        const li = el('li', 'alert-item');
        const ack = el('button', 'alert-ack btn-primary');
        ack.type = 'button';
        li.append(
          el('span', 'alert-kind'),
          el('span', 'alert-ticket'),
          el('span', 'alert-rule'),
          el('span', 'alert-ackd'),
          ack,
        );
        return li;
      },
      update: (li, a) => this.fill(li, a),
    });
    const shown = new Map<string, Alert>();
    this.shown = shown;
    listEl.addEventListener('click', (e) => {
      const button = (e.target as Element).closest('button.alert-ack');
      const id = button?.closest('li')?.dataset.key;
      const alert = id ? shown.get(id) : undefined;
      if (alert) onAck(alert);
    });
  }

  private readonly shown: Map<string, Alert>;
  private state: HallState | null = null;

  setCanAck(can: boolean): void {
    this.canAck = can;
    this.banner.classList.toggle('can-ack', can);
  }

  render(state: HallState): void {
    const { t } = this.ctx();
    this.state = state;
    // One item per customer clock: its most serious open alert (a breach supersedes its warning).
    const perClock = new Map<string, Alert>();
    for (const a of state.alerts.values()) {
      const k = `${a.visitId}:${a.rule}`;
      const have = perClock.get(k);
      if (!have || SEVERITY[a.kind] < SEVERITY[have.kind]) perClock.set(k, a);
    }
    const open = [...perClock.values()];
    // Unacknowledged first, then by severity, then the oldest.
    open.sort(
      (a, b) =>
        Number(Boolean(a.acknowledgedBy)) - Number(Boolean(b.acknowledgedBy)) ||
        SEVERITY[a.kind] - SEVERITY[b.kind] ||
        a.firedAt.localeCompare(b.firedAt),
    );
    const count = (k: Alert['kind']) => open.filter((a) => a.kind === k).length;
    // "Met late" closes an alert: it stays in view a short while, said as such, then goes.
    open.push(...state.metLate.values());
    this.banner.hidden = open.length === 0;
    this.banner.dataset.level =
      count('escalation') + count('breach') > 0 ? 'breach' : count('warning') > 0 ? 'warning' : 'info';
    setText(
      this.summary,
      t('alerts.summary', { breaches: count('breach'), warnings: count('warning'), escalations: count('escalation') }),
    );
    const shown = open.slice(0, MAX_SHOWN);
    this.shown.clear();
    for (const a of shown) this.shown.set(a.id, a);
    this.list.render(shown);
    this.total = open.length;
    this.fit();
  }

  /** Only what fits the banner's width is shown, whole; the rest is counted (again when its room changes). */
  fit(): void {
    const { t } = this.ctx();
    this.more.hidden = false; // takes its room before the list is measured
    setText(this.more, t('alert.more', { count: this.total }));
    const fitted = this.banner.hidden ? 0 : fitItems(this.listEl, 'horizontal');
    this.more.hidden = this.total <= fitted;
    this.more.dataset.count = String(this.total - fitted);
    setText(this.more, t('alert.more', { count: this.total - fitted }));
  }

  private total = 0;

  private fill(li: HTMLElement, a: Alert): void {
    const { t, branch } = this.ctx();
    const [kind, ticket, rule, ackd, button] = li.children as unknown as [
      HTMLElement,
      HTMLElement,
      HTMLElement,
      HTMLElement,
      HTMLButtonElement,
    ];
    li.dataset.kind = a.kind;
    li.dataset.ticket = a.ticket;
    li.dataset.acknowledged = a.acknowledgedBy ? 'yes' : 'no';
    setText(kind, a.kind === 'resolved' ? t('alert.metLate') : t(`alert.${a.kind}`));
    setText(ticket, a.ticket);
    // Named by the clock's own target when its visit is still in view, else the branch's rule now.
    const clock = this.state?.visits.get(a.visitId)?.rules.find((c) => c.id === a.rule);
    // A complaint names no clock: its stars (never the comment, which stays with the managers).
    setText(
      rule,
      a.complaint ? t('alert.complaintScore', { score: a.complaint.score }) : ruleLabel(this.ctx(), a.rule, clock),
    );
    setText(
      ackd,
      a.acknowledgedBy
        ? t('alert.acknowledged', {
            by: this.staffName(a.acknowledgedBy),
            time: clockTime(Date.parse(a.acknowledgedAt!), branch.timeZone),
          }) + (a.note ? ` · ${a.note}` : '')
        : '',
    );
    setText(button, t('alert.ack'));
    button.hidden = !this.canAck || Boolean(a.acknowledgedBy) || a.kind === 'resolved';
  }
}
