/**
 * The accessibility check every page takes (issue 19 item 5): axe-core over what is on screen now, WCAG
 * 2.0/2.1 A and AA rules, and no violation of impact serious or critical. One helper, so a page added
 * later (status, channels, elder mode) is checked by the same rules with one line.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

/** Fails with every serious or critical violation named: rule, impact, what axe says and where. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = results.violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      where: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`.replace(/\s+/g, ' ')),
    }));
  expect(found, `${label}: accessibility violations (serious or critical)`).toEqual([]);
}
