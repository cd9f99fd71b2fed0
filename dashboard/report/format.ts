/** How the report's numbers read on the page: docs/rules.md §3's rounded-down percentage, seconds, local times. */
import { percentDown, type Fraction } from '../../shared/report.ts';
import type { Translate } from '../../shared/i18n/index.ts';

export const percent = (f: Fraction | null): string => (f === null ? '—' : `${percentDown(f)}%`);

export const seconds = (s: number | null, t: Translate): string =>
  s === null ? '—' : t('report.seconds', { n: Math.round(s * 10) / 10 });

export function localTime(iso: string | null, timeZone: string, withDate = false): string {
  if (iso === null) return '—';
  const opts: Intl.DateTimeFormatOptions = {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  };
  if (withDate) Object.assign(opts, { month: '2-digit', day: '2-digit' });
  return new Intl.DateTimeFormat('zh-CN', opts).format(new Date(iso));
}

/** A table from a header and rows of cells; a cell is text, or [text, class]. */
export function table(
  header: string[],
  rows: (string | number | [string | number, string])[][],
  numeric: number[] = [],
): HTMLTableElement {
  const el = document.createElement('table');
  const head = el.createTHead().insertRow();
  header.forEach((h, i) => {
    const th = document.createElement('th');
    th.textContent = h;
    if (numeric.includes(i)) th.className = 'num';
    head.appendChild(th);
  });
  const body = el.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    row.forEach((cell, i) => {
      const td = tr.insertCell();
      const [text, cls] = Array.isArray(cell) ? cell : [cell, ''];
      td.textContent = String(text);
      td.className = [cls, numeric.includes(i) ? 'num' : ''].filter(Boolean).join(' ');
    });
  }
  return el;
}
