/** The one table `npm run bench` prints at the end. */
import type { Summary } from './stats.ts';

export interface Row {
  section: string;
  figure: string;
  unit: string;
  value: Summary;
  /** What we aim at, in words ("≤ 20"), and whether the median meets it. */
  aim?: { text: string; met: boolean };
  /** The bare floor of the same machine in the same run, and our median as a ratio of it. */
  floor?: { value: Summary; ratio: string };
}

const fmt = (n: number): string => {
  if (!Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  if (a >= 1000) return Math.round(n).toLocaleString('en-US');
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(2);
};

export const formatNumber = fmt;

export function renderTable(rows: Row[]): string {
  const head = ['section', 'figure', 'median', 'min', 'max', 'unit', 'aim', 'floor (median)', 'vs floor'];
  const body = rows.map((r) => [
    r.section,
    r.figure,
    fmt(r.value.median),
    fmt(r.value.min),
    fmt(r.value.max),
    r.unit,
    r.aim ? `${r.aim.text} ${r.aim.met ? 'met' : 'MISSED'}` : '',
    r.floor ? fmt(r.floor.value.median) : '',
    r.floor?.ratio ?? '',
  ]);
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...body.map((b) => width(b[i]!))));
  const line = (cells: string[]) =>
    '| ' +
    cells
      .map((c, i) => (i >= 2 && i <= 4 ? ' '.repeat(widths[i]! - width(c)) + c : c + ' '.repeat(widths[i]! - width(c))))
      .join(' | ') +
    ' |';
  return [
    line(head),
    '|' + widths.map((w, i) => (i >= 2 && i <= 4 ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|',
    ...body.map(line),
  ].join('\n');
}
