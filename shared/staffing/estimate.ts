/**
 * What staffing needs to know about the people, estimated from the branch's own visits (documented in
 * docs/staffing.md): how long a greeting keeps a greeter (or a VIP host) from the next customer, and how long
 * customers wait before they give up.
 */

/** One greeting: who, when, and whether it received a VIP. */
export interface Greeting {
  by: string;
  at: number;
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
const MIN_HANDLE_SAMPLES = 20;
const MIN_ABANDONED = 10;
/** A longer gap between two greetings is a break or the end of a shift, not a greeting. */
const MAX_GAP_SECONDS = 30 * 60;

/**
 * Handle time from the gaps between a staff member's consecutive greetings: the median gap, gaps of over
 * half an hour (breaks, the end of a shift) left out. A hall records when a greeting began, not when the
 * greeter was free again, so the gap is the greeting plus any time the greeter stood idle until the next
 * customer: on a busy floor it is the handle time, on a quiet one it is longer, and the advice errs on the
 * side of more people. Conditioning on "the next customer was already waiting" would remove the idle time
 * but keep only the greetings that ended quickly (on the Anonymous Bank it gives 60 s against a true mean
 * service of 176 s), so it is not done. `vip` picks the gaps after VIP greetings (VIP hosts) or after the
 * others (greeters). When the hall knows its handle times, `staffing.greetHandleSeconds` and
 * `staffing.vipHandleSeconds` replace the estimate.
 */
export function estimateHandleSeconds(greetings: readonly Greeting[], vip: boolean): HandleEstimate | null {
  return estimateHandles(greetings)[vip ? 'vipHosts' : 'greeters'];
}

/** Both handle times from one pass over the greetings (sorting them is most of the cost). */
export function estimateHandles(greetings: readonly Greeting[]): {
  greeters: HandleEstimate | null;
  vipHosts: HandleEstimate | null;
} {
  const byStaff = new Map<string, Greeting[]>();
  for (const g of greetings) {
    const list = byStaff.get(g.by);
    if (list) list.push(g);
    else byStaff.set(g.by, [g]);
  }
  const gaps = { greeters: [] as number[], vipHosts: [] as number[] };
  for (const list of byStaff.values()) {
    list.sort((x, y) => x.at - y.at);
    for (let i = 0; i + 1 < list.length; i++) {
      const gap = (list[i + 1]!.at - list[i]!.at) / 1000;
      if (gap <= MAX_GAP_SECONDS) gaps[list[i]!.vip ? 'vipHosts' : 'greeters'].push(gap);
    }
  }
  return { greeters: medianGap(gaps.greeters), vipHosts: medianGap(gaps.vipHosts) };
}

function medianGap(list: number[]): HandleEstimate | null {
  if (list.length < MIN_HANDLE_SAMPLES) return null;
  const sorted = Float64Array.from(list).sort();
  // Nearest rank, the lower middle for an even count (as the report's median).
  const median = sorted[Math.ceil(sorted.length / 2) - 1]!;
  return median > 0 ? { seconds: median, samples: sorted.length } : null;
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
