/**
 * The Anonymous Bank's February 1999 (tests/fixtures/anonymous_bank_1999-02.tsv.gz) as an import CSV,
 * read as a hall the way tests/integration/import-bank.test.ts reads one day: leaving the answering unit
 * is the arrival, an agent picking up the greeting, priority 2 a VIP; HANG after queueing is a customer
 * who left. Times are the bank's, Asia/Jerusalem (+02:00 in February).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const MONTH = fileURLToPath(new URL('../fixtures/anonymous_bank_1999-02.tsv.gz', import.meta.url));
const BANK_TYPES = ['PS', 'PE', 'IN', 'NE', 'NW', 'TT'];
export const BANK_TIME_ZONE = 'Asia/Jerusalem';
const HEADER =
  'external_id,line,arrived_at,vip_identified_at,greeted_at,greeted_by,greeted_by_role,called_at,service_started_at,completed_at,left_at,special_needs';

/** The bank's business types as a branch's lines. */
export const bankLines = () =>
  BANK_TYPES.map((t, i) => ({ id: t.toLowerCase(), name: { zh: t, en: t }, prefix: 'ABCDEF'[i]! }));

const secs = (s: string): number | null => {
  if (s === '0:00:00') return null;
  const [h, m, x] = s.split(':').map(Number) as [number, number, number];
  return h * 3600 + m * 60 + x;
};

/** The month (or its first `days` days) as import CSV text, and how many rows it has. */
export function bankMonthCsv(days = 31): { csv: string; rows: number } {
  const [head, ...lines] = gunzipSync(readFileSync(MONTH)).toString('utf8').trim().split('\n');
  const col = Object.fromEntries(head!.split('\t').map((c, i) => [c.trim(), i]));
  const out = [HEADER];
  for (const line of lines) {
    const f = line.split('\t').map((s) => s.trim());
    const arrival = secs(f[col.vru_exit!]!);
    if (arrival === null) continue;
    const d = f[col.date!]!;
    if (Number(d.slice(4, 6)) > days) continue;
    const p = (n: number) => String(n).padStart(2, '0');
    const iso = (s: number) =>
      `19${d.slice(0, 2)}-${d.slice(2, 4)}-${d.slice(4, 6)}T${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}+02:00`;
    const vip = f[col.priority!] === '2';
    const id = `${d}-${f[col['vru+line']!]}-${f[col.call_id!]}`;
    const type = f[col.type!]!.toLowerCase();
    const outcome = f[col.outcome!];
    if (outcome === 'AGENT') {
      const start = secs(f[col.ser_start!]!);
      const exit = secs(f[col.ser_exit!]!);
      if (start === null || exit === null || exit < start) continue; // no service recorded, or past midnight
      const greeted = Math.max(start, arrival);
      const end = Math.max(exit, greeted);
      out.push(
        [
          id,
          type,
          iso(arrival),
          vip ? iso(arrival) : '',
          iso(greeted),
          f[col.server!],
          vip ? 'vip-host' : 'greeter',
          '',
          iso(greeted),
          iso(end),
          '',
          '',
        ].join(','),
      );
    } else if (outcome === 'HANG') {
      const end = Math.max(secs(f[col.q_exit!]!) ?? arrival, arrival);
      out.push([id, type, iso(arrival), vip ? iso(arrival) : '', '', '', '', '', '', '', iso(end), ''].join(','));
    }
  }
  return { csv: out.join('\n'), rows: out.length - 1 };
}
