/**
 * 接待计时: every clock still open (not stopped, visit not ended), the soonest due first, with a live
 * countdown coloured running / warning / breached. Rows are reused by visit and rule.
 */
import type { RuleClock, Visit } from '../../shared/types.ts';
import { lineName, type WallContext } from './context.ts';
import { duration } from './format.ts';
import { KeyedList, el, setText } from './keyed.ts';
import type { HallState } from './state.ts';

/** How many rows fit the panel at 1080 px; the rest are counted. */
const MAX_ROWS = 9;

interface RiskRow {
  visit: Visit;
  clock: RuleClock;
  warnAt: number;
  dueAt: number;
}

export type ClockColour = 'running' | 'warning' | 'breached';

export function colourOf(row: Pick<RiskRow, 'warnAt' | 'dueAt'>, now: number): ClockColour {
  if (now > row.dueAt) return 'breached';
  return now >= row.warnAt ? 'warning' : 'running';
}

export class RiskView {
  private readonly list: KeyedList<RiskRow>;
  private rows = new Map<string, RiskRow>();

  constructor(
    container: HTMLElement,
    private readonly empty: HTMLElement,
    private readonly more: HTMLElement,
    private ctx: () => WallContext,
  ) {
    this.list = new KeyedList<RiskRow>(
      container,
      (r) => `${r.visit.id}:${r.clock.id}`,
      () => {
        const li = el('li', 'risk-row');
        const marks = el('span', 'risk-marks');
        li.append(el('span', 'risk-ticket'), marks, el('span', 'risk-what'), el('span', 'risk-countdown'));
        return li;
      },
      (li, r) => this.fill(li, r),
    );
  }

  render(state: HallState): void {
    const all: RiskRow[] = [];
    for (const visit of state.visits.values()) {
      for (const clock of visit.rules) {
        if (clock.stoppedAt !== null) continue;
        const start = Date.parse(clock.startedAt);
        const firstWarn = Math.min(...clock.warnAt.filter((f) => f > 0 && f < 1), 1);
        all.push({ visit, clock, warnAt: start + Math.round(firstWarn * clock.targetSeconds * 1000), dueAt: Date.parse(clock.dueAt) });
      }
    }
    // Soonest due first; at equal instants VIP and special needs first (DESIGN §1).
    const weight = (r: RiskRow) => (r.visit.vip || r.visit.specialNeeds.length > 0 ? 0 : 1);
    all.sort((a, b) => a.dueAt - b.dueAt || weight(a) - weight(b));
    const shown = all.slice(0, MAX_ROWS);
    this.rows = new Map(shown.map((r) => [`${r.visit.id}:${r.clock.id}`, r]));
    this.list.render(shown);
    this.empty.hidden = all.length > 0;
    this.more.hidden = all.length <= MAX_ROWS;
    setText(this.more, this.ctx().t('risk.more', { count: all.length - MAX_ROWS }));
  }

  /** Countdowns move each second; while the connection is down they stay frozen (see freshness). */
  tick(now: number): void {
    const { t } = this.ctx();
    for (const [key, li] of this.list.entries()) {
      const r = this.rows.get(key);
      if (!r) continue;
      const colour = colourOf(r, now);
      if (li.dataset.state !== colour) {
        li.dataset.state = colour;
        li.className = `risk-row state-${colour}`;
      }
      const countdown = li.children[3]!;
      setText(countdown, now > r.dueAt ? t('risk.over', { time: duration(now - r.dueAt) }) : t('risk.left', { time: duration(r.dueAt - now + 999) }));
    }
  }

  private fill(li: HTMLElement, r: RiskRow): void {
    const ctx = this.ctx();
    const [ticket, marks, what] = li.children as unknown as [HTMLElement, HTMLElement, HTMLElement];
    setText(ticket, r.visit.ticket);
    li.dataset.ticket = r.visit.ticket;
    li.dataset.rule = r.clock.id;
    setText(what, `${lineName(ctx, r.visit.line)} · ${ctx.t(`rule.${r.clock.id}`)}`);
    const wanted = [...(r.visit.vip ? ['vip'] : []), ...r.visit.specialNeeds].join(' ');
    if (marks.dataset.marks !== wanted || marks.dataset.lang !== ctx.lang) {
      marks.dataset.marks = wanted;
      marks.dataset.lang = ctx.lang;
      marks.replaceChildren(
        ...(r.visit.vip ? [badge('badge-vip', ctx.t('risk.vip'))] : []),
        ...r.visit.specialNeeds.map((n) => badge('badge-special', ctx.t(`need.${n}`))),
      );
    }
  }
}

function badge(cls: string, text: string): HTMLElement {
  const b = el('span', cls);
  b.textContent = text;
  return b;
}
