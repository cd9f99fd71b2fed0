/**
 * 接待计时: every customer with a clock still open (not stopped, visit not ended), one row per customer
 * carrying all their clocks (a VIP's reception and VIP-host clocks side by side), the soonest due
 * first, each clock with its configured name and a live countdown coloured running / warning /
 * breached. As many rows as fit the panel are shown; the rest are counted (另有 N 位). A customer foreseen
 * to breach before being greeted at the hall's recent pace is marked 预计超时 (shared/staffing/foresight.ts).
 */
import { foresee } from '../../shared/staffing/foresight.ts';
import type { RuleClock, Visit } from '../../shared/types.ts';
import { lineName, ruleLabel, type WallContext } from './context.ts';
import { fitItems } from './fit.ts';
import { duration } from './format.ts';
import { el, setText } from '../../shared/browser/dom.ts';
import { KeyedList } from '../../shared/browser/keyed-list.ts';
import type { HallState } from './state.ts';

/** Rows built before fitting: more than ever fit a 1080 px panel, few enough to stay cheap. */
const MAX_CANDIDATES = 16;

interface ClockRow {
  clock: RuleClock;
  warnAt: number;
  dueAt: number;
}

interface CustomerRow {
  visit: Visit;
  clocks: ClockRow[];
  /** The customer's soonest due clock. */
  dueAt: number;
}

export type ClockColour = 'running' | 'warning' | 'breached';

function colourOf(row: Pick<ClockRow, 'warnAt' | 'dueAt'>, now: number): ClockColour {
  if (now > row.dueAt) return 'breached';
  return now >= row.warnAt ? 'warning' : 'running';
}

const WORST: ClockColour[] = ['breached', 'warning', 'running'];

export class RiskView {
  private readonly list: KeyedList<CustomerRow>;
  private rows = new Map<string, CustomerRow>();
  private all: CustomerRow[] = [];
  private shown = 0;
  private state: HallState | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly empty: HTMLElement,
    private readonly more: HTMLElement,
    private ctx: () => WallContext,
  ) {
    this.list = new KeyedList<CustomerRow>(container, {
      key: (r) => r.visit.id,
      create: () => {
        const li = el('li', 'risk-row');
        const who = el('span', 'risk-who');
        const likely = el('span', 'badge-likely risk-likely');
        likely.hidden = true;
        who.append(el('span', 'risk-line'), el('span', 'risk-marks'), likely);
        li.append(el('span', 'risk-ticket'), who, el('ol', 'risk-clocks'));
        return li;
      },
      update: (li, r) => this.fill(li, r),
    });
  }

  render(state: HallState, now: number): void {
    this.state = state;
    const all: CustomerRow[] = [];
    for (const visit of state.visits.values()) {
      const clocks: ClockRow[] = [];
      for (const clock of visit.rules) {
        if (clock.stoppedAt !== null) continue;
        const start = Date.parse(clock.startedAt);
        const firstWarn = Math.min(...clock.warnAt.filter((f) => f > 0 && f < 1), 1);
        clocks.push({
          clock,
          warnAt: start + Math.round(firstWarn * clock.targetSeconds * 1000),
          dueAt: Date.parse(clock.dueAt),
        });
      }
      if (clocks.length === 0) continue;
      clocks.sort((a, b) => a.dueAt - b.dueAt);
      all.push({ visit, clocks, dueAt: clocks[0]!.dueAt });
    }
    // Soonest due first; at equal instants VIP and special needs first (docs/rules.md §1).
    const weight = (r: CustomerRow) => (r.visit.vip || r.visit.specialNeeds.length > 0 ? 0 : 1);
    all.sort((a, b) => a.dueAt - b.dueAt || weight(a) - weight(b));
    this.all = all;
    const candidates = all.slice(0, MAX_CANDIDATES);
    this.rows = new Map(candidates.map((r) => [r.visit.id, r]));
    this.list.render(candidates);
    this.empty.hidden = all.length > 0;
    this.tick(now);
    this.fit(now);
  }

  /** Shows the rows that fit whole and counts the rest; again whenever the list's room changes. */
  fit(now: number): void {
    this.shown = fitItems(this.container, 'vertical');
    this.sayMore(now);
  }

  /** Countdowns move each second; while the connection is down they stay frozen (see freshness). */
  tick(now: number): void {
    const { t } = this.ctx();
    const likely = this.foreseen(now);
    let changed = false;
    for (const [key, li] of this.list.entries()) {
      const r = this.rows.get(key);
      if (!r) continue;
      const mark = li.children[1]!.children[2] as HTMLElement;
      if (mark.hidden === likely.has(key)) changed = true;
      mark.hidden = !likely.has(key);
      setText(mark, mark.hidden ? '' : t('risk.likely'));
      li.dataset.likely = String(!mark.hidden);
      const colours = r.clocks.map((c) => colourOf(c, now));
      const worst = WORST.find((c) => colours.includes(c))!;
      if (li.dataset.state !== worst) {
        li.dataset.state = worst;
        li.className = `risk-row state-${worst}`;
      }
      r.clocks.forEach((c, i) => {
        const item = li.children[2]!.children[i] as HTMLElement | undefined;
        if (!item) return;
        const colour = colours[i]!;
        if (item.dataset.state !== colour) {
          item.dataset.state = colour;
          item.className = `risk-clock state-${colour}`;
        }
        setText(
          item.children[1]!,
          now > c.dueAt
            ? t('risk.over', { time: duration(now - c.dueAt) })
            : t('risk.left', { time: duration(c.dueAt - now + 999) }),
        );
      });
    }
    // A mark takes a line of its own: what fits the panel may change.
    if (changed) this.fit(now);
    else this.sayMore(now);
  }

  /** Who is foreseen to breach before being greeted; nobody until the server has reported the duty board. */
  private foreseen(now: number): ReadonlySet<string> {
    const duty = this.state?.duty;
    if (!this.state || !duty) return new Set();
    const { likely } = foresee({
      visits: [...this.state.visits.values()],
      greetersOnDuty: duty.greetersOnDuty,
      callOrder: this.ctx().branch.callOrder,
      now,
    });
    return new Set(likely.keys());
  }

  /** 另有 N 位 — how many customers with open clocks are not shown, and how many of them are over time. */
  private sayMore(now: number): void {
    const { t } = this.ctx();
    const hidden = this.all.slice(this.shown);
    const over = hidden.filter((r) => now > r.dueAt).length;
    this.more.dataset.count = String(hidden.length);
    // Kept in the layout when empty, so the rows' room does not change as the count comes and goes.
    this.more.classList.toggle('none', hidden.length === 0);
    setText(
      this.more,
      hidden.length === 0
        ? ''
        : over > 0
          ? t('risk.moreBreached', { count: hidden.length, breached: over })
          : t('risk.more', { count: hidden.length }),
    );
  }

  private fill(li: HTMLElement, r: CustomerRow): void {
    const ctx = this.ctx();
    const [ticket, who, clocks] = li.children as unknown as [HTMLElement, HTMLElement, HTMLElement];
    const [line, marks] = who.children as unknown as [HTMLElement, HTMLElement];
    setText(ticket, r.visit.ticket);
    li.dataset.ticket = r.visit.ticket;
    li.dataset.clocks = String(r.clocks.length);
    setText(line, lineName(ctx, r.visit.line));
    const wanted = [...(r.visit.vip ? ['vip'] : []), ...r.visit.specialNeeds].join(' ');
    if (marks.dataset.marks !== wanted || marks.dataset.lang !== ctx.lang) {
      marks.dataset.marks = wanted;
      marks.dataset.lang = ctx.lang;
      marks.replaceChildren(
        ...(r.visit.vip ? [badge('badge-vip', ctx.t('risk.vip'))] : []),
        ...r.visit.specialNeeds.map((n) => badge('badge-special', ctx.t(`need.${n}`))),
      );
    }
    // One small item per open clock; reused in place (a row gains or loses a clock rarely).
    while (clocks.children.length > r.clocks.length) clocks.lastElementChild!.remove();
    while (clocks.children.length < r.clocks.length) {
      const item = el('li', 'risk-clock');
      item.append(el('span', 'risk-rule'), el('span', 'risk-countdown'));
      clocks.append(item);
    }
    r.clocks.forEach((c, i) => {
      const item = clocks.children[i] as HTMLElement;
      item.dataset.rule = c.clock.id;
      setText(item.children[0]!, ruleLabel(ctx, c.clock.id, c.clock));
    });
  }
}

function badge(cls: string, text: string): HTMLElement {
  const b = el('span', cls);
  b.textContent = text;
  return b;
}
