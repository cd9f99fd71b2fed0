/** Percentiles and run summaries. Percentiles are nearest-rank, like the report (docs/rules.md §3). */

/** The value at rank ceil(q·n) of the sorted samples (q in 0..1); NaN when there are none. */
function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

function sortNumbers(values: Iterable<number>): Float64Array {
  return Float64Array.from(values).sort();
}

export interface Distribution {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function distribution(values: Iterable<number>): Distribution {
  const s = sortNumbers(values);
  return { n: s.length, p50: percentile(s, 0.5), p99: percentile(s, 0.99), max: s.length ? s[s.length - 1]! : NaN };
}

/** One figure over several runs: the median run, and the best and worst. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function summarize(runs: number[]): Summary {
  const s = sortNumbers(runs);
  // Median of an odd count is the middle run; of an even count, the mean of the two middle ones.
  const mid = s.length / 2;
  const median = s.length % 2 === 1 ? s[Math.floor(mid)]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, runs };
}
