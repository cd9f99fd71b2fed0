/**
 * 今日达标率: one large figure per rule against 100%, rounded down, "—" when nothing is met or breached.
 * One card per rule the branch has in force (a rule added in the configuration gets its own card).
 */
import type { RuleId } from '../../shared/rules.ts';
import { percentDown, type TodayFigures } from '../../shared/today.ts';
import { ruleLabel, type WallContext } from './context.ts';
import { el, setText } from '../../shared/browser/dom.ts';

export class ComplianceView {
  private readonly cards = new Map<RuleId, HTMLElement>();

  constructor(
    private readonly container: HTMLElement,
    private ctx: () => WallContext,
  ) {}

  /** The card of a rule, made the first time the rule has figures, kept in the figures' order. */
  private card(rule: RuleId): HTMLElement {
    let card = this.cards.get(rule);
    if (!card) {
      card = el('div', 'compliance-card');
      card.dataset.rule = rule;
      card.append(el('span', 'compliance-rule'), el('span', 'compliance-figure'), el('span', 'compliance-counts'));
      this.cards.set(rule, card);
    }
    return card;
  }

  render(f: TodayFigures): void {
    const ctx = this.ctx();
    const { t } = ctx;
    const shown = f.ruleIds.map((rule) => this.card(rule));
    if (shown.some((card, i) => this.container.children[i] !== card) || this.container.children.length !== shown.length)
      this.container.replaceChildren(...shown);
    this.container.dataset.count = String(shown.length);
    for (const rule of f.ruleIds) {
      const card = this.cards.get(rule)!;
      const tally = f.rules[rule]!;
      const [name, figure, counts] = card.children as unknown as [HTMLElement, HTMLElement, HTMLElement];
      setText(name, ruleLabel(ctx, rule));
      const pct = percentDown(tally.compliance);
      setText(figure, pct === '—' ? pct : `${pct}%`);
      card.dataset.level =
        tally.compliance === null ? 'none' : tally.compliance === 1 ? 'full' : tally.compliance >= 0.9 ? 'near' : 'low';
      setText(
        counts,
        `${t('compliance.counts', { met: tally.met, breached: tally.breached })} · ${t('compliance.target')}`,
      );
    }
  }
}
