/**
 * Queueing formulas for staffing (docs/staffing.md, Advice): Erlang C (M/M/N, customers wait as long as it takes) and
 * Erlang A (M/M/N+M, customers give up after an exponential patience). Everything is computed in a form
 * that neither overflows nor loses digits for hundreds of servers: Erlang B by its recursion, Erlang A
 * through a convergent series instead of factorials and incomplete-gamma functions of huge arguments.
 *
 * Names: a = offered load in Erlangs (arrival rate × mean handle time), n = servers (greeters, VIP hosts).
 */

/** Erlang B: the probability that all n servers are busy in M/M/n/n, by B(k) = a·B(k−1) / (k + a·B(k−1)). */
export function erlangB(n: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: the probability that an arrival has to wait at all, C = n·B / (n − a·(1 − B)); 1 when n ≤ a. */
export function erlangC(n: number, a: number): number {
  if (a <= 0) return 0;
  if (n <= a) return 1;
  const b = erlangB(n, a);
  return (n * b) / (n - a * (1 - b));
}

/**
 * Erlang C: P(W > t) = C(n, a) · exp(−(n − a) · t / h), the probability of waiting longer than t seconds
 * with mean handle time h seconds (docs/staffing.md, Advice).
 */
export function erlangCWaitAbove(n: number, a: number, t: number, h: number): number {
  if (a <= 0) return 0;
  if (n <= a) return 1;
  return erlangC(n, a) * Math.exp((-(n - a) * t) / h);
}

/**
 * The smallest n > a with P(W > t) ≤ maxShare (docs/staffing.md, Advice); 0 when nothing arrives. The search walks up
 * from ⌊a⌋ + 1 carrying Erlang B along, so a whole slot costs a few dozen multiplications.
 */
export function erlangCServers(a: number, t: number, h: number, maxShare: number): number {
  if (!(a > 0)) return 0;
  let n = Math.floor(a) + 1;
  let b = erlangB(n, a);
  for (;;) {
    const c = (n * b) / (n - a * (1 - b));
    if (c * Math.exp((-(n - a) * t) / h) <= maxShare) return n;
    n += 1;
    b = (a * b) / (n + a * b);
  }
}

/** An M/M/n+M hall: arrivals per second, mean handle seconds, mean patience seconds. */
export interface ErlangAQueue {
  arrivalsPerSecond: number;
  handleSeconds: number;
  patienceSeconds: number;
}

/** ln(1/B(k, a)) by 1/B(k) = 1 + (k/a)·1/B(k−1), in logarithms: 1/B grows like k!/a^k. */
function logInverseErlangB(k: number, a: number): number {
  let l = 0;
  for (let j = 1; j <= k; j++) {
    const step = Math.log(j / a);
    l = step + l + Math.log1p(Math.exp(-(step + l)));
  }
  return l;
}

/**
 * ln of λ·∫ₜ^∞ exp(λ·H(x) − nμx) dx for exponential patience (H(x) = (1 − e^(−θx))/θ), which with
 * s = nμ/θ and y = (λ/θ)·e^(−θt) is (λ/nμ) · exp(λ/θ − y − nμt) · Σₖ yᵏ / ((s+1)…(s+k)).
 */
function logTailIntegral(lambda: number, nMu: number, theta: number, t: number): number {
  const s = nMu / theta;
  const y = (lambda / theta) * Math.exp(-theta * t);
  // The series in scaled form: its terms first grow while y > s + k, then fall geometrically.
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let k = 1; k < 1_000_000; k++) {
    term *= y / (s + k);
    sum += term;
    if (sum > 1e250) {
      sum *= 1e-250;
      term *= 1e-250;
      logScale += 250 * Math.LN10;
    }
    if (k > y - s && term < sum * 1e-17) break;
  }
  return Math.log(lambda / nMu) + lambda / theta - y - nMu * t + Math.log(sum) + logScale;
}

/**
 * Erlang A: P(V > t), the probability that an arriving customer would wait longer than t seconds for a
 * server if they were infinitely patient (the others in the queue keep their own patience). From the
 * M/M/n+G virtual-wait density of Baccelli & Hébuterne (1981), as written in Mandelbaum & Zeltyn,
 * "The M/M/n+G queue: summary of performance measures": P(V > t) = λ·J(t) / (E + λ·J(0)), with
 * J(t) = ∫ₜ^∞ exp(λH(x) − nμx) dx and E = 1 / B(n − 1, λ/μ).
 */
export function erlangAWaitAbove(n: number, q: ErlangAQueue, t: number): number {
  const { lambda, mu, theta, a } = rates(q);
  if (!(lambda > 0)) return 0;
  if (n <= 0) return 1;
  // Patience so long it never shows within any wait: that is Erlang C (and the series would crawl).
  if (theta * q.handleSeconds < 1e-9) return erlangCWaitAbove(n, a, t, q.handleSeconds);
  const logE = logInverseErlangB(n - 1, a);
  const logJ0 = logTailIntegral(lambda, n * mu, theta, 0);
  const logJt = t === 0 ? logJ0 : logTailIntegral(lambda, n * mu, theta, t);
  const top = Math.max(logE, logJ0);
  const logDenominator = top + Math.log(Math.exp(logE - top) + Math.exp(logJ0 - top));
  return Math.min(1, Math.exp(logJt - logDenominator));
}

/**
 * Erlang A: the share of arrivals not greeted within t seconds — greeted later, or gone before a greeter
 * came. It counts customers who give up before t, whom docs/rules.md §3 reports as `excluded` rather than
 * breached: sizing only against breaches would advise letting customers walk out, and the standard aims at
 * every customer received. With f_V the virtual-wait density, a customer is greeted within t when
 * V = 0, or V = x ≤ t and their patience outlasts x: P = (E + λ·(K(0) − K(t))) / (E + λ·J(0)), where
 * K is J with nμ + θ in place of nμ (∫ f_V(x)·e^(−θx) dx has that form).
 */
export function erlangAUngreetedShare(n: number, q: ErlangAQueue, t: number): number {
  const { lambda, theta, a } = rates(q);
  if (!(lambda > 0)) return 0;
  if (n <= 0) return 1;
  if (theta * q.handleSeconds < 1e-9) return erlangCWaitAbove(n, a, t, q.handleSeconds);
  return ungreeted(n, q, t, logInverseErlangB(n - 1, a));
}

/** The ungreeted share with ln(1/B(n − 1, a)) already known (the search steps it along). */
function ungreeted(n: number, q: ErlangAQueue, t: number, logE: number): number {
  const { lambda, mu, theta } = rates(q);
  const j0 = logTailIntegral(lambda, n * mu, theta, 0);
  const k0 = logTailIntegral(lambda, n * mu + theta, theta, 0);
  const kt = logTailIntegral(lambda, n * mu + theta, theta, t);
  // (λJ(0) − λK(0) + λK(t)) / (E + λJ(0)), each term scaled by the largest before leaving logarithms.
  const top = Math.max(logE, j0);
  const denominator = Math.exp(logE - top) + Math.exp(j0 - top);
  const numerator = Math.exp(j0 - top) - Math.exp(k0 - top) + Math.exp(kt - top);
  return Math.min(1, Math.max(0, numerator / denominator));
}

/** Erlang A: the share of arrivals who give up before any greeter comes, P(Ab) = λ(J(0) − K(0)) / (E + λJ(0)). */
export function erlangAAbandonShare(n: number, q: ErlangAQueue): number {
  const { lambda, mu, theta, a } = rates(q);
  if (!(lambda > 0)) return 0;
  if (n <= 0) return 1;
  const logE = logInverseErlangB(n - 1, a);
  const j0 = logTailIntegral(lambda, n * mu, theta, 0);
  const k0 = logTailIntegral(lambda, n * mu + theta, theta, 0);
  const top = Math.max(logE, j0);
  return (Math.exp(j0 - top) - Math.exp(k0 - top)) / (Math.exp(logE - top) + Math.exp(j0 - top));
}

function rates(q: ErlangAQueue) {
  const lambda = q.arrivalsPerSecond;
  const mu = 1 / q.handleSeconds;
  return { lambda, mu, theta: 1 / q.patienceSeconds, a: lambda / mu };
}

/**
 * The fewest servers (at least 1 when anyone arrives) that greet all but maxShare of the arrivals within
 * t by Erlang A. With abandonment the queue is stable for any n, so any n ≥ 1 is a candidate. The walk
 * starts at Erlang C's count (`fromC`, when the caller has it): patience shortens the queue ahead of a
 * customer (fewer needed) but customers who give up before t are not greeted either (more needed), and the
 * answer is mostly within a step or two of it. ln(1/B) moves one step in O(1) either way.
 */
export function erlangAServers(q: ErlangAQueue, t: number, maxShare: number, fromC?: number): number {
  if (!(q.arrivalsPerSecond > 0)) return 0;
  const { a, theta } = rates(q);
  let n = Math.max(1, fromC ?? erlangCServers(a, t, q.handleSeconds, maxShare));
  if (theta * q.handleSeconds < 1e-9) return n;
  let logE = logInverseErlangB(n - 1, a); // ln 1/B(n − 1)
  // 1/B(k) = 1 + (k/a)·1/B(k − 1), in logarithms, forward and back.
  const up = (k: number, l: number) => Math.log(k / a) + l + Math.log1p(Math.exp(-(Math.log(k / a) + l)));
  const down = (k: number, l: number) => l + Math.log(-Math.expm1(-l)) + Math.log(a / k);
  if (ungreeted(n, q, t, logE) <= maxShare) {
    while (n > 1) {
      const below = down(n - 1, logE); // ln 1/B(n − 2)
      if (ungreeted(n - 1, q, t, below) > maxShare) break;
      n -= 1;
      logE = below;
    }
    return n;
  }
  do {
    logE = up(n, logE);
    n += 1;
  } while (ungreeted(n, q, t, logE) > maxShare);
  return n;
}
