/**
 * The alert area: one row per customer with every clock that calls for someone, staying until that
 * customer is greeted (or leaves). It never takes more than a third of the screen — it scrolls inside,
 * says how many customers it holds, and folds to one line — so the waiting list stays in view. A manager
 * acknowledges from here as from the wall.
 */
import type { Alert, RuleClock, StaffPublic, Visit } from '../../shared/types.ts';
import { hhmm, lineName, ruleLabel, staffName, type Ctx } from './context.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { needsGreeting } from './queue.ts';
import { mayStop } from '../../shared/rules.ts';
import { beep } from './sound.ts';

const SEVERITY: Record<string, number> = { warning: 1, breach: 2, escalation: 3 };

/**
 * Whose alert is it: a clock's is theirs who may stop it (everyone's when its rule names no roles; the
 * VIP hosts' for a VIP's dedicated host) and the managers'; escalations are the managers'.
 */
function inScope(a: Alert, me: StaffPublic, clock: Pick<RuleClock, 'qualifies'>): boolean {
  if (me.roles.includes('manager')) return true;
  return a.kind !== 'escalation' && mayStop(me.roles, clock.qualifies);
}

/** Alerts still calling for someone: the clock they are about has not stopped and the visit is open. */
function activeAlerts(alerts: Alert[], visits: Map<string, Visit>, me: StaffPublic): Alert[] {
  const worst = new Map<string, Alert>();
  for (const a of alerts) {
    if (!(a.kind in SEVERITY)) continue;
    const v = visits.get(a.visitId);
    const clock = v?.rules.find((r) => r.id === a.rule);
    if (!v || v.endedAt !== null || !clock || clock.stoppedAt !== null || !inScope(a, me, clock)) continue;
    const key = `${a.visitId}:${a.rule}`;
    const seen = worst.get(key);
    if (!seen || SEVERITY[a.kind]! > SEVERITY[seen.kind]!) worst.set(key, a);
  }
  return [...worst.values()].sort((a, b) => SEVERITY[b.kind]! - SEVERITY[a.kind]! || a.dueAt.localeCompare(b.dueAt));
}

/** One customer in the alert area: the worst of their alerts, and each clock's own. */
export interface AlertGroup {
  visit: Visit;
  alerts: Alert[];
  worst: Alert;
  /** The shown alerts (the worst of each clock) nobody has acknowledged yet. */
  unacknowledged: Alert[];
}

/** Groups by customer: unacknowledged first, then the most severe, then the longest overdue. */
function alertGroups(all: Alert[], visits: Map<string, Visit>, me: StaffPublic): AlertGroup[] {
  const byVisit = new Map<string, Alert[]>();
  for (const a of activeAlerts(all, visits, me)) byVisit.set(a.visitId, [...(byVisit.get(a.visitId) ?? []), a]);
  const groups = [...byVisit.entries()].map(([id, alerts]) => {
    const visit = visits.get(id)!;
    const worst = alerts[0]!;
    // Clocks in the visit's own order (reception first), so a row always reads the same way.
    const order = (a: Alert) => visit.rules.findIndex((r) => r.id === a.rule);
    alerts.sort((a, b) => order(a) - order(b));
    return { visit, alerts, worst, unacknowledged: alerts.filter((a) => !a.acknowledgedBy) };
  });
  return groups.sort(
    (a, b) =>
      Number(a.unacknowledged.length === 0) - Number(b.unacknowledged.length === 0) ||
      SEVERITY[b.worst.kind]! - SEVERITY[a.worst.kind]! ||
      a.worst.dueAt.localeCompare(b.worst.dueAt),
  );
}

export class AlertBanner {
  private readonly announced = new Set<string>();
  private collapsed = false;
  private readonly acking = new Set<string>();
  readonly el = h('section', { class: 'alert-banner', 'data-testid': 'alert-banner', role: 'region', hidden: true });

  constructor(
    private readonly ctx: () => Ctx,
    private readonly quiet: () => boolean,
    private readonly acknowledge: (alerts: Alert[]) => Promise<void>,
  ) {}

  render(): void {
    const ctx = this.ctx();
    const groups = alertGroups(ctx.store.alerts, ctx.store.visits, ctx.me);
    const fresh = groups.flatMap((g) => g.alerts).filter((a) => !this.announced.has(a.id));
    fresh.forEach((a) => this.announced.add(a.id));
    if (fresh.length > 0 && !this.quiet()) beep(fresh.some((a) => a.kind !== 'warning'));
    this.el.hidden = groups.length === 0;
    this.el.dataset.collapsed = String(this.collapsed);
    const overdue = groups.filter((g) => g.worst.kind !== 'warning').length;
    const toggle = button(
      this.collapsed ? ctx.t('staff.alerts.expand') : ctx.t('staff.alerts.collapse'),
      () => this.toggle(),
      'secondary',
      {
        'data-testid': 'alert-toggle',
        'aria-expanded': String(!this.collapsed),
      },
    );
    // The banner is drawn anew with each alert: a keyboard user on its toggle keeps the focus there.
    const onToggle = document.activeElement?.getAttribute('data-testid') === 'alert-toggle';
    this.el.replaceChildren(
      h(
        'header',
        { class: 'alert-head' },
        h(
          'span',
          { class: 'alert-count', 'data-testid': 'alert-count', role: 'status' },
          ctx.t('staff.alerts.count', { n: groups.length, overdue }),
        ),
        toggle,
      ),
      this.collapsed
        ? ''
        : h('div', { class: 'alert-list', 'data-testid': 'alert-list' }, ...groups.map((g) => this.row(ctx, g))),
    );
    if (onToggle) toggle.focus();
  }

  private toggle(): void {
    this.collapsed = !this.collapsed;
    this.render();
  }

  private row(ctx: Ctx, g: AlertGroup): HTMLElement {
    const v = g.visit;
    const isManager = ctx.me.roles.includes('manager');
    const acked = g.alerts.find((a) => a.acknowledgedBy);
    const ackBusy = this.acking.has(v.id);
    return h(
      'div',
      {
        class: `alert-row alert-${g.worst.kind}`,
        'data-testid': 'alert',
        'data-ticket': v.ticket,
        'data-kind': g.worst.kind,
        'data-acknowledged': String(g.unacknowledged.length === 0),
      },
      h('span', { class: 'alert-kind' }, ctx.t(`staff.alert.${g.worst.kind}`)),
      h(
        'span',
        { class: 'alert-text' },
        ctx.t('staff.alert.text', {
          ticket: v.ticket,
          line: lineName(ctx, v.line),
          rule: [...new Set(g.alerts.map((a) => ruleLabel(ctx, a.rule, v)))].join('、'),
        }),
      ),
      acked && g.unacknowledged.length === 0
        ? h(
            'span',
            { class: 'alert-ackd', 'data-testid': 'acknowledged' },
            ctx.t('staff.alerts.acknowledged', {
              name: staffName(ctx, acked.acknowledgedBy!),
              time: hhmm(ctx, acked.acknowledgedAt ?? null),
            }),
          )
        : null,
      h(
        'span',
        { class: 'alert-actions' },
        isManager && g.unacknowledged.length > 0
          ? button(ackBusy ? ctx.t('staff.sending') : ctx.t('staff.alerts.ack'), () => void this.ack(g), 'secondary', {
              'data-action': 'ack',
              disabled: ackBusy,
            })
          : null,
        needsGreeting(v, ctx.me)
          ? button(ctx.t('staff.greetTicket', { ticket: v.ticket }), () => void ctx.act(v, 'greet'), 'primary', {
              'data-action': 'greet',
              disabled: ctx.sending(v),
            })
          : null,
      ),
    );
  }

  private async ack(g: AlertGroup): Promise<void> {
    if (this.acking.has(g.visit.id)) return;
    this.acking.add(g.visit.id);
    this.render();
    try {
      // Everything still open about this customer's clocks: the warning and the breach under an escalation too.
      const ctx = this.ctx();
      const rules = new Set(g.alerts.map((a) => a.rule));
      await this.acknowledge(
        ctx.store.alerts.filter(
          (a) => a.visitId === g.visit.id && rules.has(a.rule) && a.kind in SEVERITY && !a.acknowledgedBy,
        ),
      );
    } finally {
      this.acking.delete(g.visit.id);
      this.render();
    }
  }
}
