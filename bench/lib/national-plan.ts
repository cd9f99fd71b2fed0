/**
 * What each hall's day holds, drawn ahead of the run and deterministic per seed: arrivals from the bank's
 * curve, which of them are VIPs, and how long the greeter (or the VIP host), the queue and the counter take.
 * Times are in seconds of the simulated day from opening; the staff clients divide them by K.
 *
 * The greeting delay is lognormal: a greeter reaches the median customer in 100 s and the VIP host the
 * median VIP in 60 s, both with σ = 0.8, so about 8 % of reception clocks (P(delay > 300 s)) and of VIP
 * clocks (P(delay > 180 s)) breach and about 14 % warn — inside the 5–15 % a hall really sees.
 */
import type { DayCurve } from './national-curve.ts';

export interface PlannedVisit {
  /** Arrival, seconds after opening. */
  at: number;
  vip: boolean;
  line: 'property' | 'life' | 'pension';
  /** Seconds from arrival to the greeting (by the VIP host for a VIP). */
  greetAfter: number;
  /** Seconds from the greeting to the counter's call. */
  callAfter: number;
  /** Seconds from the call to the service start, and of service. */
  walkSeconds: number;
  serviceSeconds: number;
  counter: '1' | '2' | '3';
}

export interface PlanOptions {
  seed: number;
  /** Mean visits a hall over the whole day (Poisson). */
  visitsPerHall: number;
  opensMinute: number;
  /** Only arrivals before this minute are kept (a shorter day for trying out). */
  untilMinute: number;
}

const GREET_MEDIAN_SECONDS = 100;
const VIP_GREET_MEDIAN_SECONDS = 60;
const GREET_SIGMA = 0.8;
const CALL_MEAN_SECONDS = 240;
const WALK_SECONDS = 20;
const LINES = ['property', 'life', 'pension'] as const;
const COUNTERS = ['1', '2', '3'] as const;

/** mulberry32: small, fast and good enough for drawing a benchmark's load. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const normal = (rnd: () => number) => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
const lognormal = (rnd: () => number, median: number, sigma: number) => median * Math.exp(sigma * normal(rnd));
const exponential = (rnd: () => number, mean: number) => -mean * Math.log(1 - rnd());

function poisson(rnd: () => number, mean: number): number {
  // Knuth's product method is fine for a few hundred; beyond, a rounded normal approximation.
  if (mean > 200) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rnd)));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rnd(); p > limit; p *= rnd()) k++;
  return k;
}

/** The cumulative curve, for drawing an arrival minute by inversion. */
function cumulative(perMinute: number[]): Float64Array {
  const c = new Float64Array(perMinute.length);
  let s = 0;
  perMinute.forEach((v, i) => (c[i] = s += v));
  return c;
}

function drawMinute(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The day of hall number `hall` (its own stream of the seed), sorted by arrival. */
export function planHall(hall: number, curve: DayCurve, o: PlanOptions): PlannedVisit[] {
  const rnd = random(Math.imul(o.seed, 0x9e3779b1) ^ Math.imul(hall + 1, 0x85ebca6b));
  const cdf = cumulative(curve.perMinute);
  const visits: PlannedVisit[] = [];
  const n = poisson(rnd, o.visitsPerHall);
  for (let i = 0; i < n; i++) {
    const minute = drawMinute(cdf, rnd());
    const at = (minute - o.opensMinute) * 60 + rnd() * 60;
    const vip = rnd() < curve.vipShare;
    const visit: PlannedVisit = {
      at,
      vip,
      line: LINES[Math.floor(rnd() * LINES.length)]!,
      greetAfter: lognormal(rnd, vip ? VIP_GREET_MEDIAN_SECONDS : GREET_MEDIAN_SECONDS, GREET_SIGMA),
      callAfter: exponential(rnd, CALL_MEAN_SECONDS),
      walkSeconds: WALK_SECONDS,
      serviceSeconds: Math.min(1200, curve.serviceSeconds[Math.floor(rnd() * curve.serviceSeconds.length)] ?? 180),
      counter: COUNTERS[Math.floor(rnd() * COUNTERS.length)]!,
    };
    if (minute < o.untilMinute) visits.push(visit);
  }
  return visits.sort((a, b) => a.at - b.at);
}
