/**
 * A range's report figures as the sum of its days: each day comes from its stored rollup when there is
 * a valid one, and is otherwise tallied from the day's visit rows — and stored when no clock of it is
 * running any more, so a closed day is read visit by visit once. The open day (running clocks) is
 * always tallied live, so its running clocks turn into breaches as time passes (docs/rules.md §2–3).
 */
import { daysBetween, ReportTally } from '../../shared/report.ts';
import { decodeRollup, encodeRollup, ROLLUP_FORMAT } from './rollup.ts';
import type { ReportStore } from './store.ts';

export class DayTallies {
  constructor(private readonly store: ReportStore) {}

  /** The tally of a branch's days from..to at `now`, exact; stores the rollups it had to build. */
  async range(branch: string, from: string, to: string, now: number): Promise<ReportTally> {
    const total = new ReportTally(from, to);
    const stored = await this.store.rollups(branch, from, to, ROLLUP_FORMAT);
    const missing: string[] = [];
    for (const day of daysBetween(from, to)) {
      const r = stored.get(day);
      // A rollup counts a never-stopped clock as breached: true only once `now` is past its due.
      if (r && (r.openDueMax === null || now > r.openDueMax)) total.addTally(decodeRollup(day, r.figures, r.durations));
      else missing.push(day);
    }
    if (missing.length === 0) return total;
    // Read and store in one write transaction, so no other writer (an import from the command line, or
    // another process) can change a day between its visits being read and its rollup being stored.
    await this.store.transaction(async () => {
      for (const day of missing) {
        await this.store.lockDay(branch, day);
        const t = new ReportTally(day, day);
        for (const v of await this.store.visits(branch, day, day)) t.addVisit(v, now);
        if (t.settled) await this.store.saveRollup(branch, day, ROLLUP_FORMAT, now, encodeRollup(t));
        total.addTally(t);
      }
    });
    return total;
  }
}
