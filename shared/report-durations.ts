/**
 * Stopped-clock durations that add up exactly across days, with nearest-rank percentiles (docs/rules.md
 * §3) found without merging the lists: the report's time-to-greet figures.
 */
import { nearestRank, type TimeToGreet } from './report.ts';

/**
 * Stopped-clock durations (ms) that add up exactly: values pushed one by one and ascending lists added
 * from other tallies (a range's days). The nearest-rank figures of many lists are found without merging
 * them: for whole milliseconds, the value at rank k is the least x with k values ≤ x, found by halving
 * the interval of x and counting by binary search in each list — a few thousand steps for any range.
 */
export class Durations {
  private loose: number[] = [];
  private looseSorted: Float64Array | null = null;
  private parts: Float64Array[] = [];
  private whole = true;
  private all: Float64Array | null = null;
  push(ms: number): void {
    this.loose.push(ms);
    this.looseSorted = this.all = null;
    if (!Number.isInteger(ms)) this.whole = false;
  }
  addSorted(list: Float64Array): void {
    if (list.length === 0) return;
    this.parts.push(list);
    this.all = null;
    if (this.whole) for (let i = 0; i < list.length; i++) if (!Number.isInteger(list[i])) this.whole = false;
  }
  private lists(): Float64Array[] {
    if (this.loose.length === 0) return this.parts;
    this.looseSorted ??= Float64Array.from(this.loose).sort();
    return [...this.parts, this.looseSorted];
  }
  get length(): number {
    return this.loose.length + this.parts.reduce((n, p) => n + p.length, 0);
  }
  /** Every duration, ascending (one list: itself; several: concatenated and sorted once). */
  sorted(): Float64Array {
    if (this.all) return this.all;
    const lists = this.lists();
    if (lists.length === 1) return (this.all = lists[0]!);
    const all = new Float64Array(this.length);
    let at = 0;
    for (const p of lists) {
      all.set(p, at);
      at += p.length;
    }
    return (this.all = all.sort());
  }
  /** Nearest rank ceil(num/den · n) over all the lists, as {@link nearestRank} over their union. */
  nearestRank(num: number, den: number): number | null {
    const lists = this.lists();
    if (lists.length <= 1 || !this.whole || this.all) return nearestRank(this.sorted(), num, den);
    const n = this.length;
    const rank = Math.max(1, Math.floor((num * n + den - 1) / den));
    let lo = Infinity;
    let hi = -Infinity;
    for (const l of lists) {
      lo = Math.min(lo, l[0]!);
      hi = Math.max(hi, l[l.length - 1]!);
    }
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      let atMost = 0;
      for (const l of lists) atMost += countAtMost(l, mid);
      if (atMost >= rank) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
  max(): number | null {
    let m: number | null = null;
    for (const l of this.lists()) if (m === null || l[l.length - 1]! > m) m = l[l.length - 1]!;
    return m;
  }
  /** Median, p90 and max in seconds (docs/rules.md §3). */
  timeToGreet(): TimeToGreet {
    const s = (v: number | null) => (v === null ? null : v / 1000);
    return { median: s(this.nearestRank(1, 2)), p90: s(this.nearestRank(9, 10)), max: s(this.max()) };
  }
}

/** How many values of an ascending list are ≤ x. */
function countAtMost(list: Float64Array, x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
