/**
 * The report's 满意度 block (DESIGN §9): how many rated and the average (rounded down, never flattering),
 * the distribution by star for all ratings and for met vs breached visits — does waiting hurt the score? —
 * and the same by staff member and by line. The CSV has the same rows (server/reports/csv.ts).
 */
import type { Translate } from '../../shared/i18n/index.ts';
import { averageText, type Report, type SatisfactionFigures, type ScoreFigures } from '../../shared/report.ts';
import { css, draw } from './charts.ts';
import { table } from './format.ts';

const STARS = [1, 2, 3, 4, 5];
const scores = (f: ScoreFigures): (string | number)[] => [f.responses, averageText(f), ...f.distribution];

export function renderSatisfaction(
  r: Report,
  t: Translate,
  name: { staff: (id: string) => string; line: (id: string) => string },
): void {
  const el = document.getElementById('satisfaction')!;
  // A revision frozen before reports counted ratings has none.
  const s = (r as Partial<Report>).satisfaction;
  const figure = document.getElementById('satisfaction-figure')!;
  figure.hidden = !s || s.responses === 0;
  if (!s || s.responses === 0) {
    el.replaceChildren(
      Object.assign(document.createElement('p'), { className: 'empty', textContent: t('satisfaction.none') }),
    );
    return;
  }
  const header = [
    t('satisfaction.responses'),
    t('satisfaction.average'),
    ...STARS.map((n) => t('satisfaction.stars', { n })),
  ];
  const numeric = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const headline = document.createElement('p');
  headline.className = 'satisfaction-headline';
  headline.append(
    Object.assign(document.createElement('strong'), { id: 'satisfaction-average', textContent: averageText(s) }),
    ` / 5 · ${t('satisfaction.responses')} ${s.responses}`,
  );
  const byOutcome = [t('satisfaction.averageMet'), t('satisfaction.averageBreached')];
  const split = (x: SatisfactionFigures) => [averageText(x.byOutcome.met), averageText(x.byOutcome.breached)];
  const sub = (text: string) => Object.assign(document.createElement('h4'), { textContent: text });
  el.replaceChildren(
    headline,
    table(
      [t('satisfaction.group'), ...header],
      [
        [t('satisfaction.all'), ...scores(s)],
        [t('satisfaction.met'), ...scores(s.byOutcome.met)],
        [t('satisfaction.breached'), ...scores(s.byOutcome.breached)],
      ],
      numeric,
    ),
    sub(t('satisfaction.byStaff')),
    table(
      [t('report.staffName'), ...header, ...byOutcome],
      s.byStaff.map((x) => [name.staff(x.staff), ...scores(x), ...split(x)]),
      numeric,
    ),
    sub(t('satisfaction.byLine')),
    table(
      [t('report.line'), ...header, ...byOutcome],
      s.byLine.map((x) => [name.line(x.line), ...scores(x), ...split(x)]),
      numeric,
    ),
    Object.assign(document.createElement('p'), { className: 'satisfaction-note', textContent: t('satisfaction.note') }),
  );
  satisfactionChart(s, t);
}

/** Ratings by star: met visits and breached visits side by side, so a shift of the bars to the left shows. */
function satisfactionChart(s: SatisfactionFigures, t: Translate): void {
  draw('satisfaction-chart', {
    type: 'bar',
    data: {
      labels: STARS.map((n) => t('satisfaction.stars', { n })),
      datasets: [
        { label: t('satisfaction.all'), data: s.distribution, backgroundColor: css('--special') },
        { label: t('satisfaction.met'), data: s.byOutcome.met.distribution, backgroundColor: css('--running') },
        {
          label: t('satisfaction.breached'),
          data: s.byOutcome.breached.distribution,
          backgroundColor: css('--breached'),
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}
