/**
 * The national day's arrival curve, read from the Anonymous Bank month (the repository's own copy,
 * tests/fixtures/anonymous_bank_1999-02.tsv.gz, unchanged; another with YINGBIN_BANK_TSV, gzipped or not):
 * weekday arrivals (`vru_entry`) per minute of the
 * day, smoothed over a quarter of an hour; the VIP share (priority 2) of the hall's hours; and the agents'
 * service times, which the counters reuse. Israel's weekend in 1999 was Friday and Saturday: those are left out.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const BANK_TSV =
  process.env.YINGBIN_BANK_TSV ??
  fileURLToPath(new URL('../../tests/fixtures/anonymous_bank_1999-02.tsv.gz', import.meta.url));

const readText = (path: string): string => {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
};

export interface DayCurve {
  /** Relative intensity per minute of the day (1,440 entries), the sum over the hall's hours is 1. */
  perMinute: number[];
  /** Share of arrivals in the hall's hours that were priority 2. */
  vipShare: number;
  /** Service times (s) of calls an agent served, for the counters to draw from. */
  serviceSeconds: number[];
  /** Weekdays the curve was taken from. */
  days: number;
}

const minuteOf = (hms: string): number => {
  const [h, m] = hms.split(':').map(Number);
  return h! * 60 + m!;
};

/** Reads the month and keeps what falls between `opensMinute` and `closesMinute` (minutes of the day). */
export function readDayCurve(opensMinute: number, closesMinute: number, path = BANK_TSV): DayCurve {
  const lines = readText(path).split('\n');
  const head = lines[0]!.split('\t');
  const col = (name: string) => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column ${name}`);
    return i;
  };
  const [cDate, cEntry, cPriority, cOutcome, cSer] = ['date', 'vru_entry', 'priority', 'outcome', 'ser_time'].map(col);
  const counts = new Array<number>(1440).fill(0);
  const days = new Set<string>();
  let inHours = 0;
  let vip = 0;
  const serviceSeconds: number[] = [];
  for (const line of lines.slice(1)) {
    const f = line.split('\t');
    if (f.length < head.length) continue;
    const date = f[cDate!]!;
    const weekday = new Date(
      Date.UTC(1900 + Number(date.slice(0, 2)), Number(date.slice(2, 4)) - 1, Number(date.slice(4, 6))),
    ).getUTCDay();
    if (weekday === 5 || weekday === 6) continue;
    days.add(date);
    const minute = minuteOf(f[cEntry!]!);
    counts[minute]! += 1;
    if (minute >= opensMinute && minute < closesMinute) {
      inHours++;
      if (f[cPriority!] === '2') vip++;
    }
    const ser = Number(f[cSer!]);
    if (f[cOutcome!] === 'AGENT' && ser > 0) serviceSeconds.push(ser);
  }
  // A quarter-hour moving average: one month of one centre is too few calls for a per-minute shape.
  const smooth = counts.map((_, m) => {
    let s = 0;
    for (let d = -7; d <= 7; d++) s += counts[m + d] ?? 0;
    return s / 15;
  });
  const perMinute = smooth.map((v, m) => (m >= opensMinute && m < closesMinute ? v : 0));
  const total = perMinute.reduce((a, b) => a + b, 0);
  return {
    perMinute: perMinute.map((v) => v / total),
    vipShare: inHours ? vip / inHours : 0,
    serviceSeconds,
    days: days.size,
  };
}

/** The minute of the day with the highest intensity between `from` and `to` (the morning peak). */
export function peakMinute(curve: DayCurve, from: number, to: number): number {
  let best = from;
  for (let m = from; m < to; m++) if (curve.perMinute[m]! > curve.perMinute[best]!) best = m;
  return best;
}
