/**
 * Two Chart.js charts made once and updated in place (chart.update(), never re-created): arrivals and
 * breaches per hour, and compliance by hour per rule.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
} from 'chart.js';
import { percentDown, type TodayFigures } from '../../shared/today.ts';
import { ruleLabel, type WallContext } from './context.ts';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
);

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#444';
/** A line per rule, coloured in the order of the branch's rules (the built-ins keep their colours). */
const RULE_COLOURS = ['--brand', '--vip', '--warning', '--running', '--breached'];
const font = { size: 20 };

export class ChartsView {
  private readonly hourly: Chart<'bar', number[], string>;
  private readonly compliance: Chart<'line', (number | null)[], string>;
  /** What the charts last drew, so an unchanged minute costs nothing. */
  private drawn = '';

  constructor(
    hourlyCanvas: HTMLCanvasElement,
    complianceCanvas: HTMLCanvasElement,
    private ctx: () => WallContext,
  ) {
    const common = {
      animation: false as const,
      responsive: true,
      maintainAspectRatio: false,
      events: [], // a wall is not touched: no hover listeners
      plugins: { legend: { labels: { font } } },
    };
    this.hourly = new Chart(hourlyCanvas, {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          { label: '', data: [], backgroundColor: css('--running') },
          { label: '', data: [], backgroundColor: css('--breached') },
        ],
      },
      options: {
        ...common,
        scales: { x: { ticks: { font } }, y: { beginAtZero: true, ticks: { font, precision: 0 } } },
      },
    });
    this.compliance = new Chart(complianceCanvas, {
      type: 'line',
      data: {
        labels: [],
        datasets: [],
      },
      options: {
        ...common,
        scales: { x: { ticks: { font } }, y: { min: 0, max: 100, ticks: { font, stepSize: 25 } } },
      },
    });
  }

  render(f: TodayFigures): void {
    const ctx = this.ctx();
    const { t, lang } = ctx;
    const labels = f.hours.map((h) => t('chart.hour', { hour: h.hour }));
    const arrivals = f.hours.map((h) => h.arrivals);
    const breaches = f.hours.map((h) => h.breaches);
    // Rounded down like every compliance figure (a chart must not show 100 where it is 99.96).
    const pct = (c: number | null) => (c === null ? null : Number(percentDown(c)));
    const byRule = f.ruleIds.map((rule) => f.hours.map((h) => pct(h.compliance[rule] ?? null)));
    const key = JSON.stringify([lang, labels, arrivals, breaches, f.ruleIds, byRule]);
    if (key === this.drawn) return;
    this.drawn = key;

    // Same arrays, new contents: Chart.js keeps its objects and only redraws.
    replace(this.hourly.data.labels!, labels);
    replace(this.hourly.data.datasets[0]!.data, arrivals);
    replace(this.hourly.data.datasets[1]!.data, breaches);
    this.hourly.data.datasets[0]!.label = t('chart.arrivals');
    this.hourly.data.datasets[1]!.label = t('chart.breaches');
    this.hourly.update('none');

    replace(this.compliance.data.labels!, labels);
    const sets = this.compliance.data.datasets;
    f.ruleIds.forEach((rule, i) => {
      const colour = css(RULE_COLOURS[i % RULE_COLOURS.length]!);
      sets[i] ??= {
        label: '',
        data: [],
        borderColor: colour,
        backgroundColor: colour,
        spanGaps: false,
        pointRadius: 4,
      };
      replace(sets[i].data, byRule[i]!);
      sets[i].label = ruleLabel(ctx, rule);
    });
    sets.length = f.ruleIds.length;
    this.compliance.update('none');

    // What is drawn, readable by assistive technology and by tests (a canvas has no text).
    this.hourly.canvas.dataset.labels = labels.join(',');
    this.compliance.canvas.dataset.labels = labels.join(',');
    this.hourly.canvas.dataset.arrivals = arrivals.join(',');
    this.hourly.canvas.dataset.breaches = breaches.join(',');
    this.compliance.canvas.dataset.compliance = byRule.map((d) => d.map((x) => x ?? '').join(',')).join(';');
    this.hourly.canvas.setAttribute(
      'aria-label',
      `${t('chart.arrivals')} ${arrivals.reduce((a, b) => a + b, 0)} · ${t('chart.breaches')} ${breaches.reduce((a, b) => a + b, 0)}`,
    );
  }
}

function replace<T>(target: T[], source: readonly T[]): void {
  target.length = 0;
  target.push(...source);
}
