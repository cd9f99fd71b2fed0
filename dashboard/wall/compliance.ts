/** 今日达标率: one large figure per rule against 100%, rounded down, "—" when nothing is met or breached. */
import { RULE_IDS, type RuleId } from '../../shared/rules.ts';
import { percentDown, type TodayFigures } from '../../shared/today.ts';
import { ruleLabel, type WallContext } from './context.ts';
import { el, setText } from '../../shared/browser/dom.ts';

export class ComplianceView {
  private readonly cards = new Map<RuleId, HTMLElement>();

  constructor(
    container: HTMLElement,
    private ctx: () => WallContext,
  ) {
    for (const rule of RULE_IDS) {
      const card = el('div', 'compliance-card');
      card.dataset.rule = rule;
      card.append(el('span', 'compliance-rule'), el('span', 'compliance-figure'), el('span', 'compliance-counts'));
      container.append(card);
      this.cards.set(rule, card);
    }
  }

  render(f: TodayFigures): void {
    const ctx = this.ctx();
    const { t } = ctx;
    for (const [rule, card] of this.cards) {
      const tally = f.rules[rule];
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
