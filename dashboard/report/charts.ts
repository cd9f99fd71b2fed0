/**
 * The report's charts: arrivals and breaches by hour; reception compliance over the last 8 days; and staffing by
 * hour (arrivals against the forecast, on duty against needed, breaches).
 */
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
import { shortOf, type StaffingHour } from '../../shared/staffing/report-hours.ts';
import { busyHours, hourLabel } from './staffing.ts';

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

export function draw(id: string, config: ConstructorParameters<typeof Chart>[1]): void {
  charts.get(id)?.destroy();
  const canvas = document.getElementById(id) as HTMLCanvasElement;
  charts.set(id, new Chart(canvas, config));
}

export const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

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

/**
 * Staffing by hour on one chart, so an understaffed hour that breached is seen at once: customers (bars for
 * arrivals and breaches, a dashed line for the forecast) on the left axis, people (on duty solid, needed
 * dashed; greeters blue, VIP hosts purple) on the right; an hour short of either role has its on-duty point
 * and its label in red.
 */
export function staffingChart(all: readonly StaffingHour[] | null, t: Translate): void {
  const hours = busyHours(all ?? []);
  const red = css('--breached');
  const short = hours.map((h) => shortOf(h, 'greeters') || shortOf(h, 'vipHosts'));
  const people = (
    label: string,
    color: string,
    data: (number | null)[],
    needed: boolean,
    role: 'greeters' | 'vipHosts',
  ) => ({
    type: 'line' as const,
    label,
    data,
    yAxisID: 'people',
    // Levels, not trends: a count of people holds for the hour; drawn over the bars.
    stepped: 'middle' as const,
    order: 0,
    borderColor: color,
    backgroundColor: color,
    borderDash: needed ? [6, 4] : [],
    pointRadius: needed ? 2 : hours.map((h) => (shortOf(h, role) ? 6 : 3)),
    pointBackgroundColor: needed ? color : hours.map((h) => (shortOf(h, role) ? red : color)),
    spanGaps: false,
  });
  draw('staffing-chart', {
    type: 'bar',
    data: {
      labels: hours.map(hourLabel),
      datasets: [
        {
          label: t('report.chartArrivals'),
          data: hours.map((h) => h.arrivals),
          backgroundColor: css('--running'),
          order: 2,
        },
        { label: t('report.chartBreaches'), data: hours.map((h) => h.breaches), backgroundColor: red, order: 2 },
        {
          type: 'line',
          order: 1,
          label: t('report.forecast'),
          data: hours.map((h) => h.forecast),
          borderColor: css('--muted'),
          backgroundColor: css('--muted'),
          borderDash: [3, 3],
          pointRadius: 0,
        },
        people(
          t('report.greetersOnDuty'),
          css('--special'),
          hours.map((h) => h.onDuty?.greeters ?? null),
          false,
          'greeters',
        ),
        people(
          t('report.greetersNeeded'),
          css('--special'),
          hours.map((h) => h.needed.greeters),
          true,
          'greeters',
        ),
        people(
          t('report.vipHostsOnDuty'),
          css('--vip'),
          hours.map((h) => h.onDuty?.vipHosts ?? null),
          false,
          'vipHosts',
        ),
        people(
          t('report.vipHostsNeeded'),
          css('--vip'),
          hours.map((h) => h.needed.vipHosts),
          true,
          'vipHosts',
        ),
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { ticks: { color: (c) => (short[c.index] ? red : css('--muted')) } },
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: t('report.customers') } },
        people: {
          position: 'right',
          beginAtZero: true,
          ticks: { precision: 0 },
          grid: { drawOnChartArea: false },
          title: { display: true, text: t('report.people') },
        },
      },
    },
  });
}
