/** The national day's lines of prose: what the clocks and walls say, and what each process reports about itself. */
import type { Delivery } from './national-figures.ts';
import type { Truth } from './national-truth.ts';
import { metricValue } from './national-watch.ts';
import { formatNumber as fmt } from './table.ts';

export function describeDelivery(truth: Truth, d: Delivery, wrong: string[], say: (s: string) => void): void {
  for (const [rule, c] of Object.entries(truth.clocks))
    say(`  ${rule}: ${c.total} clocks, ${c.breached} breached (${((100 * c.breached) / c.total).toFixed(1)} %)`);
  say(
    `  alerts: ${d.expected} called for by the clocks (${d.neverFired} never fired); at the walls ${d.missing} missing, ` +
      `${d.doubled} doubled, ${d.wrongBranch} at another branch's screen; ${d.markedLate} marked late`,
  );
  say(
    `  ${truth.unwarranted.count} alerts fired for clocks already stopped before their instant (by up to ` +
      `${fmt(truth.unwarranted.maxMs)} ms: the owner heard of the greeting after its timer fired); ${d.extra} such received at walls`,
  );
  for (const w of d.worstWalls) say(`    ${w}`);
  for (const x of wrong.slice(0, 5)) say(`    wrong branch: ${x}`);
}

/**
 * The processes' own gauges where this build has them (issue 20's others add them): the lease round's
 * histogram, start-up, followed branches. Absent ones are left out.
 */
export function describeProcesses(texts: string[], labels: string[], say: (s: string) => void): void {
  texts.forEach((t, i) => {
    const rounds = metricValue(t, 'yingbin_lease_round_seconds_count');
    const parts = [
      Number.isFinite(rounds) &&
        `${fmt(rounds)} lease rounds, ${fmt((1000 * metricValue(t, 'yingbin_lease_round_seconds_sum')) / rounds)} ms each on average`,
      Number.isFinite(metricValue(t, 'yingbin_startup_seconds')) &&
        `start-up ${fmt(metricValue(t, 'yingbin_startup_seconds'))} s`,
      Number.isFinite(metricValue(t, 'yingbin_followed_branches')) &&
        `${fmt(metricValue(t, 'yingbin_followed_branches'))} branches followed`,
      `${fmt(metricValue(t, 'yingbin_connected_screens'))} screens`,
    ].filter(Boolean);
    say(`  ${labels[i]}: ${parts.join(', ')}`);
  });
}
