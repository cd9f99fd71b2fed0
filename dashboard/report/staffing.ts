/**
 * The report's staffing table (issue 17, the report page): per hour, arrivals against the forecast, greeters and
 * VIP hosts on duty against needed (red where short), and breaches — the hours the chart draws, in figures.
 */
import type { Translate } from '../../shared/i18n/index.ts';
import { shortOf, type StaffingHour } from '../../shared/staffing/report-hours.ts';
import { table } from './format.ts';

/**
 * The hours worth drawing: from the first to the last hour with anything in it (an all-day branch's night is
 * not worth a column); the CSV keeps every hour.
 */
export function busyHours(hours: readonly StaffingHour[]): StaffingHour[] {
  const busy = (h: StaffingHour) =>
    h.arrivals > 0 || h.forecast > 0 || h.breaches > 0 || h.needed.greeters > 0 || h.needed.vipHosts > 0;
  const first = hours.findIndex(busy);
  if (first < 0) return [];
  let last = hours.length - 1;
  while (!busy(hours[last]!)) last--;
  return hours.slice(first, last + 1);
}

export const hourLabel = (h: StaffingHour): string => `${String(h.hour).padStart(2, '0')}:00`;

/** On duty against needed for one role: "1 / 2", red when short; "— / 2" where the duty board knew nothing. */
function people(h: StaffingHour, role: 'greeters' | 'vipHosts'): [string, string] {
  const on = h.onDuty === null ? '—' : String(h.onDuty[role]);
  return [`${on} / ${h.needed[role]}`, shortOf(h, role) ? 'short' : ''];
}

export function renderStaffing(hours: readonly StaffingHour[] | null, t: Translate): void {
  const el = document.getElementById('staffing')!;
  const section = el.closest('section')!;
  const figure = document.getElementById('staffing-figure')!;
  // A range of days has no one forecast or duty board to set against it.
  section.hidden = figure.hidden = hours === null;
  if (hours === null) return el.replaceChildren();
  el.replaceChildren(
    table(
      [
        t('report.hour'),
        t('report.arrivals'),
        t('report.forecast'),
        `${t('report.greetersOnDuty')} / ${t('report.greetersNeeded')}`,
        `${t('report.vipHostsOnDuty')} / ${t('report.vipHostsNeeded')}`,
        t('report.breaches'),
      ],
      busyHours(hours).map((h) => [
        hourLabel(h),
        h.arrivals,
        h.forecast,
        people(h, 'greeters'),
        people(h, 'vipHosts'),
        [h.breaches, h.breaches > 0 ? 'breached' : ''],
      ]),
      [1, 2, 3, 4, 5],
    ),
  );
}
