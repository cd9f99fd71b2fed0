/**
 * 一次性告知 (DESIGN §9): the chosen line's steps and the papers to bring, told at once — in full on the
 * confirm screen, compact on the printed ticket. Read from the branch as last fetched, so an edit of the
 * configuration reaches the next customer without a restart.
 */
import { currentLang } from '../shared/browser/lang.ts';
import { h } from '../shared/browser/dom.ts';
import type { Lang } from '../shared/i18n/index.ts';
import type { LineGuide } from '../shared/types.ts';
import type { Kiosk } from './app.ts';

/** The line's guide in the reader's language, or null when it has none (or only empty lists). */
export function guideOf(
  k: Kiosk,
  lineId: string,
  lang: Lang = currentLang(),
): { steps: string[]; papers: string[] } | null {
  const guide: LineGuide | undefined = k.device?.branch.lines.find((l) => l.id === lineId)?.guide;
  if (!guide) return null;
  const steps = guide.steps[lang];
  const papers = guide.papers[lang];
  return steps.length + papers.length > 0 ? { steps, papers } : null;
}

/** The confirm screen's panel: numbered steps beside the list of papers. */
export function guidePanel(k: Kiosk, lineId: string): HTMLElement | null {
  const g = guideOf(k, lineId);
  if (!g) return null;
  const t = k.t;
  return h(
    'section',
    { class: 'guide', 'aria-labelledby': 'guide-title', 'data-testid': 'guide' },
    h('h2', { id: 'guide-title', class: 'guide-title' }, t('guide.title')),
    g.steps.length > 0
      ? h(
          'div',
          { class: 'guide-part' },
          h('h3', {}, t('guide.steps')),
          h('ol', { 'data-testid': 'guide-steps' }, ...g.steps.map((s) => h('li', {}, s))),
        )
      : null,
    g.papers.length > 0
      ? h(
          'div',
          { class: 'guide-part' },
          h('h3', {}, t('guide.papers')),
          h('ul', { 'data-testid': 'guide-papers' }, ...g.papers.map((p) => h('li', {}, p))),
        )
      : null,
  );
}

/** The printed slip's compact form: "请携带：A、B" and the steps on one numbered line each. */
export function guideSlip(k: Kiosk, lineId: string): HTMLElement | null {
  const g = guideOf(k, lineId);
  if (!g) return null;
  const t = k.t;
  const sep = currentLang() === 'en' ? ', ' : '、';
  return h(
    'div',
    { class: 'slip-guide print-only', 'data-testid': 'slip-guide' },
    g.papers.length > 0 ? h('p', { class: 'slip-papers' }, t('guide.bring', { papers: g.papers.join(sep) })) : null,
    ...g.steps.map((s, i) => h('p', { class: 'slip-step' }, `${i + 1}. ${s}`)),
  );
}
