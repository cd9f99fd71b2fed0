/**
 * A day's rollup as stored: the day's {@link ReportTally} written as JSON for the counts and breaches
 * and one float64 BLOB holding every sorted list of stopped-clock durations. Reading it back gives a
 * tally that adds into a range exactly as the day's visits would (tests/unit/report-rollup.test.ts).
 */
import {
  ReportTally,
  type BreachRecord,
  type DisputedRecord,
  type Durations,
  type LatestVersion,
  type SatisfactionTally,
  type Slice,
} from '../../shared/report.ts';

/** Bump when the layout below changes: rows of another format are rebuilt from the visits. */
export const ROLLUP_FORMAT = 4; // 2: disputed clocks; 3: rules by id (any configured rule), with their naming; 4: ratings

/** Where a durations list belongs: a rule (by id), a staff member, or a special need's reception. */
type ListOf = ['r', string] | ['s', string] | ['n', string];

interface Figures {
  arrivals: number;
  vipVisits: number;
  vipLater: number;
  openDueMax: number | null;
  /** [rule id, [met, breached, excluded, running], the version its latest clock started under]. */
  rules: [string, number[], LatestVersion | null][];
  hours: ReturnType<Slice['values']>[];
  lines: [string, ReturnType<Slice['values']>][];
  staff: [string, ...number[]][];
  needs: [string, number, ...number[]][];
  /** [day, arrivals, [rule id, [met, breached, excluded, running]]…]. */
  days: [string, number, ...[string, number[]][]][];
  breaches: BreachRecord[];
  disputed: DisputedRecord[];
  /** Ratings by star, overall, by staff and by line (shared/report-satisfaction.ts). */
  satisfaction: ReturnType<SatisfactionTally['values']>;
  /** The lists in the BLOB, in order, with their lengths. */
  lists: [...ListOf, number][];
}

export interface EncodedRollup {
  openDueMax: number | null;
  figures: string;
  durations: Buffer;
}

export function encodeRollup(t: ReportTally): EncodedRollup {
  const lists: [...ListOf, number][] = [];
  const arrays: Float64Array[] = [];
  const put = (of: ListOf, d: Durations) => {
    const sorted = d.sorted();
    if (sorted.length === 0) return;
    lists.push([...of, sorted.length]);
    arrays.push(sorted);
  };
  for (const [id, r] of t.rules) put(['r', id], r.durations);
  for (const [id, s] of t.staff) put(['s', id], s.durations);
  for (const [id, n] of t.needs) put(['n', id], n.reception.durations);
  const figures: Figures = {
    arrivals: t.arrivals,
    vipVisits: t.vipVisits,
    vipLater: t.vipLater,
    openDueMax: t.openDueMax,
    rules: [...t.rules].map(([id, r]) => [id, r.counts(), r.latest]),
    hours: t.hours.map((h) => h.values()),
    lines: [...t.lines].map(([id, l]) => [id, l.values()]),
    staff: [...t.staff].map(([id, s]) => [id, ...s.values()]),
    needs: [...t.needs].map(([id, n]) => [id, n.arrivals, ...n.reception.counts()]),
    days: [...t.days].map(([d, day]) => [d, day.arrivals, ...day.rules]),
    breaches: t.breaches,
    disputed: t.disputed,
    satisfaction: t.satisfaction.values(),
    lists,
  };
  const all = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    all.set(a, at);
    at += a.length;
  }
  // Float64Array is in the machine's byte order; every machine Node runs on here is little-endian.
  return {
    openDueMax: t.openDueMax,
    figures: JSON.stringify(figures),
    durations: Buffer.from(all.buffer, all.byteOffset, all.byteLength),
  };
}

export function decodeRollup(day: string, figuresJson: string, durations: Buffer): ReportTally {
  const f = JSON.parse(figuresJson) as Figures;
  const t = new ReportTally(day, day);
  t.arrivals = f.arrivals;
  t.vipVisits = f.vipVisits;
  t.vipLater = f.vipLater;
  t.openDueMax = f.openDueMax;
  for (const [id, counts, latest] of f.rules) {
    const r = t.rule(id);
    r.addCounts(counts);
    r.addLatest(latest);
  }
  f.hours.forEach((v, i) => t.hours[i]!.addValues(v));
  for (const [id, v] of f.lines) t.line(id).addValues(v);
  for (const [id, ...v] of f.staff) t.person(id).addValues(v);
  for (const [id, arrivals, ...c] of f.needs) {
    const n = t.need(id);
    n.arrivals += arrivals;
    n.reception.addCounts(c);
  }
  for (const [d, arrivals, ...rules] of f.days) {
    const day = t.day(d);
    day.arrivals += arrivals;
    for (const [id, c] of rules) {
      const counts = day.rule(id);
      c.forEach((n, k) => (counts[k]! += n));
    }
  }
  for (const b of f.breaches) t.breaches.push(b);
  for (const d of f.disputed ?? []) t.disputed.push(d);
  t.satisfaction.addValues(f.satisfaction);
  // View the BLOB in place when it starts on an 8-byte boundary; copy it once when it does not.
  let all: Float64Array;
  if (durations.byteOffset % 8 === 0)
    all = new Float64Array(durations.buffer, durations.byteOffset, durations.byteLength / 8);
  else {
    all = new Float64Array(durations.byteLength / 8);
    new Uint8Array(all.buffer).set(durations);
  }
  let at = 0;
  for (const [kind, key, n] of f.lists) {
    const list = all.subarray(at, at + n);
    at += n;
    if (kind === 'r') t.rule(key).durations.addSorted(list);
    else if (kind === 's') t.person(key).durations.addSorted(list);
    else t.need(key).reception.durations.addSorted(list);
  }
  return t;
}
