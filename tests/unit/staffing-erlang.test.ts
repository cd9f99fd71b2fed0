/**
 * Erlang B, C and A (shared/staffing/erlang.ts) against published table values and exact identities.
 *
 * Sources of the published values:
 * - Erlang B, 2 % blocking: the "Erlang-B capacity table" of Lucent Technologies' traffic engineering course
 *   (reproduced at http://garywagoner.tripod.com/traffic/ERLANG.HTML): 5 channels carry 1.657 E, 11 carry
 *   5.842 E, 21 carry 14.036 E, 31 carry 22.827 E.
 * - Erlang B, 1 % blocking: Westbay's Erlang calculator manual, "How much traffic can a trunk group handle"
 *   (https://erlang.com/calculatormanual/howmuchtrafficcanatrunkgrouphandle.htm): 15 lines, 8.108 E.
 * - Erlang C: the worked example of Call Centre Helper, "Erlang C formula – made simple" (100 calls in 30
 *   minutes, 180 s handle time: 10 E): 11 agents → 68.21 % of calls wait; 80 % answered in 20 s needs 14.
 * - Erlang C: the M/M/m exercise of 120 customers an hour, 3 minutes each, 10 assistants (a = 6): "the
 *   probability of waiting is about 0.10" from the Erlang C curve.
 * - Erlang A: no table is needed where the model has an exact answer. With patience equal to the handle
 *   time (θ = μ) every customer in the hall leaves at rate μ, served or not, so the number present is
 *   Poisson(a) as in M/M/∞: P(wait) = P(Poisson(a) ≥ n), and by Little's law the share abandoning is
 *   θ·E[(X − n)⁺]/λ. Otherwise it is checked against a brute-force solution of its Markov chain, and
 *   against Erlang C as patience grows without end.
 */
import { describe, expect, it } from 'vitest';
import {
  erlangAAbandonShare,
  erlangAServers,
  erlangAUngreetedShare,
  erlangAWaitAbove,
  erlangB,
  erlangC,
  erlangCServers,
  erlangCWaitAbove,
  type ErlangAQueue,
} from '../../shared/staffing/erlang.ts';

describe('Erlang B and C', () => {
  it('Erlang B gives the published blocking at the published loads', () => {
    for (const [n, load] of [
      [5, 1.657],
      [11, 5.842],
      [21, 14.036],
      [31, 22.827],
    ] as const)
      expect(erlangB(n, load), `${n} channels`).toBeCloseTo(0.02, 4);
    expect(erlangB(15, 8.108)).toBeCloseTo(0.01, 4);
  });

  it('Erlang C gives the published probabilities of waiting', () => {
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
    expect(erlangC(10, 6)).toBeCloseTo(0.1, 2);
    // At or beyond capacity everyone waits; with nothing arriving nobody does.
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(3, 0)).toBe(0);
  });

  it('P(W > T) = C · exp(−(N − a)·T/h), and the staffing search finds the textbook 14 agents', () => {
    expect(erlangCWaitAbove(11, 10, 20, 180)).toBeCloseTo(0.6821 * Math.exp(-20 / 180), 4);
    expect(erlangCServers(10, 20, 180, 0.2)).toBe(14);
    expect(1 - erlangCWaitAbove(13, 10, 20, 180)).toBeLessThan(0.8);
    expect(1 - erlangCWaitAbove(14, 10, 20, 180)).toBeGreaterThanOrEqual(0.8);
    expect(erlangCServers(0, 300, 120, 0.01)).toBe(0);
  });

  it('stays finite and exact for a large hall (hundreds of servers)', () => {
    const n = erlangCServers(400, 300, 120, 0.01);
    expect(n).toBeGreaterThan(400);
    expect(erlangCWaitAbove(n, 400, 300, 120)).toBeLessThanOrEqual(0.01);
    expect(erlangCWaitAbove(n - 1, 400, 300, 120)).toBeGreaterThan(0.01);
  });
});

/** P(Poisson(a) ≥ n) and E[(X − n)⁺] for X ~ Poisson(a). */
function poisson(a: number, n: number): { atLeast: number; excess: number } {
  let p = Math.exp(-a);
  let below = 0;
  let excess = 0;
  for (let k = 0; k < 400; k++) {
    if (k < n) below += p;
    else excess += (k - n) * p;
    p *= a / (k + 1);
  }
  return { atLeast: 1 - below, excess };
}

/**
 * P(V > t) by brute force: the stationary M/M/n+M chain (truncated far out), and for an arrival finding k
 * ahead the chance that k + 1 departures from the queue (rates nμ + jθ) take longer than t, by
 * uniformisation of that pure-death chain.
 */
function bruteWaitAbove(n: number, q: ErlangAQueue, t: number): number {
  const { arrivalsPerSecond: lambda } = q;
  const mu = 1 / q.handleSeconds;
  const theta = 1 / q.patienceSeconds;
  const max = n + 400;
  const w = [1];
  for (let i = 1; i <= max; i++) w.push((w[i - 1]! * lambda) / (Math.min(i, n) * mu + Math.max(0, i - n) * theta));
  const total = w.reduce((s, x) => s + x, 0);
  let out = 0;
  const rate = (j: number) => n * mu + j * theta; // j waiting ahead
  const top = rate(max - n);
  for (let k = 0; k <= max - n; k++) {
    const pi = w[n + k]! / total;
    if (pi < 1e-14) continue;
    // Uniformised: P(not absorbed by t) = Σ_m Poisson(top·t; m) · P(fewer than k+1 deaths in m steps).
    let state = new Float64Array(k + 1);
    state[k] = 1;
    let m = 0;
    let pm = Math.exp(-top * t);
    let survive = 0;
    while (m < top * t + 12 * Math.sqrt(top * t) + 20) {
      survive += pm * state.reduce((s, x) => s + x, 0);
      const next = new Float64Array(k + 1);
      for (let j = 0; j <= k; j++) {
        const die = rate(j) / top;
        next[j]! += state[j]! * (1 - die);
        if (j > 0) next[j - 1]! += state[j]! * die;
      }
      state = next;
      m++;
      pm *= (top * t) / m;
    }
    out += pi * survive;
  }
  return out;
}

describe('Erlang A', () => {
  const tenErlangs = (patienceSeconds: number): ErlangAQueue => ({
    arrivalsPerSecond: 10 / 180,
    handleSeconds: 180,
    patienceSeconds,
  });

  it('with patience equal to handle time: P(wait) is the Poisson tail and abandonment follows Little', () => {
    for (const n of [8, 11, 14]) {
      const q = tenErlangs(180);
      const { atLeast, excess } = poisson(10, n);
      expect(erlangAWaitAbove(n, q, 0), `n=${n}`).toBeCloseTo(atLeast, 12);
      expect(erlangAAbandonShare(n, q), `n=${n}`).toBeCloseTo(((1 / 180) * excess) / (10 / 180), 12);
    }
  });

  it('P(V > t) equals a brute-force solution of the M/M/n+M chain', () => {
    for (const [n, patience, t] of [
      [11, 300, 20],
      [9, 600, 60],
      [12, 90, 30],
    ] as const) {
      const q = tenErlangs(patience);
      expect(erlangAWaitAbove(n, q, t), `n=${n} patience=${patience}`).toBeCloseTo(bruteWaitAbove(n, q, t), 6);
    }
  });

  it('becomes Erlang C as patience grows without end', () => {
    expect(erlangAWaitAbove(11, tenErlangs(1e9), 20)).toBeCloseTo(erlangCWaitAbove(11, 10, 20, 180), 6);
    expect(erlangAUngreetedShare(11, tenErlangs(1e9), 20)).toBeCloseTo(erlangCWaitAbove(11, 10, 20, 180), 6);
  });

  it('counts those who give up before the target as not greeted, so it never advises letting them walk out', () => {
    const q: ErlangAQueue = { arrivalsPerSecond: 2, handleSeconds: 120, patienceSeconds: 600 };
    const n = erlangAServers(q, 300, 0.01);
    expect(erlangAUngreetedShare(n, q, 300)).toBeLessThanOrEqual(0.01);
    expect(erlangAUngreetedShare(n - 1, q, 300)).toBeGreaterThan(0.01);
    // The ungreeted share includes every abandonment before the target, so it is at least the part of them.
    expect(erlangAUngreetedShare(n, q, 300)).toBeGreaterThanOrEqual(erlangAWaitAbove(n, q, 300) * Math.exp(-0.5));
    expect(erlangAServers({ ...q, arrivalsPerSecond: 0 }, 300, 0.01)).toBe(0);
  });

  it('differs from Erlang C both ways: impatience shortens the queue, but leaving is not being greeted', () => {
    // 80 % within 20 s: those who give up make room, so fewer agents than Erlang C's 14 serve the rest.
    expect(erlangAServers(tenErlangs(120), 20, 0.2)).toBe(12);
    // 99 % within 300 s with a patience of a minute: many would leave before any greeter, so more are needed.
    const q: ErlangAQueue = { arrivalsPerSecond: 10 / 180, handleSeconds: 120, patienceSeconds: 60 };
    expect(erlangCServers((10 / 180) * 120, 300, 120, 0.01)).toBe(9);
    expect(erlangAServers(q, 300, 0.01)).toBe(12);
  });
});
