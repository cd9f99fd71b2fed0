/** The report's two charts: arrivals and breaches by hour; reception compliance over the last 8 days. */
import {
  Chart,
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { Report } from '../../shared/report.ts';
import type { Translate } from '../../shared/i18n/index.ts';
import { percentDown } from '../../shared/report.ts';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

// Only destroyed when redrawn, so any chart type fits.
const charts = new Map<string, Pick<Chart, 'destroy'>>();

function draw(id: string, config: ConstructorParameters<typeof Chart>[1]): void {
  charts.get(id)?.destroy();
  const canvas = document.getElementById(id) as HTMLCanvasElement;
  charts.set(id, new Chart(canvas, config));
}

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

export function hoursChart(r: Report, t: Translate): void {
  const hours = r.hours.filter((h) => h.arrivals > 0 || h.breaches > 0);
  draw('hours-chart', {
    type: 'bar',
    data: {
      labels: hours.map((h) => `${String(h.hour).padStart(2, '0')}:00`),
      datasets: [
        { label: t('report.chartArrivals'), data: hours.map((h) => h.arrivals), backgroundColor: css('--running') },
        { label: t('report.chartBreaches'), data: hours.map((h) => h.breaches), backgroundColor: css('--breached') },
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

export function daysChart(days: Report['days'], t: Translate): void {
  draw('days-chart', {
    type: 'line',
    data: {
      labels: days.map((d) => d.date.slice(5)),
      datasets: [
        {
          label: t('report.chartCompliance'),
          // Rounded down like every percentage the page shows; a day with no figure is a gap, not 100 %.
          data: days.map((d) =>
            d.rules.reception.compliance === null ? null : Number(percentDown(d.rules.reception.compliance)),
          ),
          borderColor: css('--brand'),
          backgroundColor: css('--brand'),
          spanGaps: false,
        },
      ],
    },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } } },
  });
}
