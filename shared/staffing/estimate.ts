/**
 * What staffing needs to know about the people, estimated from the branch's own visits (documented in
 * docs/staffing.md): how long a greeting keeps a greeter (or a VIP host) from the next customer, and how long
 * customers wait before they give up.
 */

/** One greeting: who, when, since when the customer was waiting, and whether it received a VIP. */
export interface Greeting {
  by: string;
  at: number;
  waitingSince: number;
  vip: boolean;
}

/** One reception clock's wait: started, and stopped (received) or ended (gone) — or still open. */
export interface Wait {
  start: number;
  /** When someone received the customer; null if nobody did. */
  stop: number | null;
  /** When the visit ended; null while it is open. */
  end: number | null;
  /** The customer left (离开) without being received. */
  left: boolean;
}

export interface HandleEstimate {
  seconds: number;
  /** Back-to-back greetings measured. */
  samples: number;
}

export interface PatienceEstimate {
  seconds: number;
  /** Customers who left before anyone received them. */
  abandoned: number;
}

/** Fewer measurements than these and the estimate is not trusted (the configured or default value is used). */
export const MIN_HANDLE_SAMPLES = 20;
export const MIN_ABANDONED = 10;
/** Gaps above this rank are breaks and errands, not greetings (nearest rank, as the report's p90). */
const TRIM = 0.95;

/**
 * Mean handle time from back-to-back greetings. When a staff member greets customer A and their next greeting
 * is customer B who was already waiting when A was greeted, nothing kept them from B but A: the gap between
 * the two greetings is A's handle time (walking A to a line, explaining, and coming back). Gaps after other
 * greetings say nothing (the greeter may have stood idle). The mean of these gaps, the top 5 % dropped as
 * breaks, estimates the mean handle time Erlang's formulas need — the mean, not the median, because the
 * load a = λ·h is a mean. `vip` picks the gaps after VIP greetings (VIP hosts) or after the others.
 */
export function estimateHandleSeconds(greetings: readonly Greeting[], vip: boolean): HandleEstimate | null {
  const byStaff = new Map<string, Greeting[]>();
  for (const g of greetings) {
    const list = byStaff.get(g.by);
    if (list) list.push(g);
    else byStaff.set(g.by, [g]);
  }
  const gaps: number[] = [];
  for (const list of byStaff.values()) {
    list.sort((x, y) => x.at - y.at);
    for (let i = 0; i + 1 < list.length; i++) {
      const [a, b] = [list[i]!, list[i + 1]!];
      if (a.vip === vip && b.waitingSince <= a.at) gaps.push((b.at - a.at) / 1000);
    }
  }
  if (gaps.length < MIN_HANDLE_SAMPLES) return null;
  gaps.sort((x, y) => x - y);
  const kept = gaps.slice(0, Math.ceil(TRIM * gaps.length));
  const mean = kept.reduce((s, g) => s + g, 0) / kept.length;
  return mean > 0 ? { seconds: mean, samples: gaps.length } : null;
}

/**
 * Mean patience, assuming it is exponential (Erlang A's assumption): the number of customers who left
 * unreceived divided into the total time all customers were seen waiting (each wait counted until it was
 * received, until the customer left, or until the visit ended otherwise): the maximum-likelihood estimate
 * of an exponential rate from censored waits (events ÷ time at risk). A received customer's patience is
 * only known to be longer than their wait, which is why waits are summed rather than averaged. Open waits
 * are left out: how they end is not known yet.
 */
export function estimatePatienceSeconds(waits: readonly Wait[]): PatienceEstimate | null {
  let exposure = 0;
  let abandoned = 0;
  for (const w of waits) {
    const until = w.stop ?? w.end;
    if (until === null) continue;
    exposure += Math.max(0, until - w.start) / 1000;
    if (w.stop === null && w.left) abandoned++;
  }
  if (abandoned < MIN_ABANDONED) return null;
  return { seconds: exposure / abandoned, abandoned };
}
