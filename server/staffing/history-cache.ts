/**
 * The staffing route's history, kept per branch and span of past days: reading 35 days of visits took
 * 0.8–1.8 s on the bank month (docs/staffing.md, Speed), and the wall and the manager's tablet ask again every
 * slot and on every duty change. Past days change only when a visit of a past day is written (an import, a
 * late step): `changed` hears each such write — an import's rows as they are projected (inside the import's
 * transaction), any other write after its commit, this process's and the cluster's. A read that starts
 * between an import's last row and its commit can keep the old days: entries live at most MAX_AGE_MS, the
 * bound on any change missed.
 */
import type { Config } from '../config.ts';
import type { Sql } from '../store/sql.ts';
import type { BranchHours } from '../../shared/staffing/slots.ts';
import { localDay } from '../../shared/time.ts';
import type { VisitFold } from '../../shared/visit.ts';
import { readHistory, type BranchHistory } from './history.ts';

const MAX_AGE_MS = 3600_000;
/** Two slot sizes or dates per branch at most in practice (today, a report's day): a bound, not a tuning. */
const MAX_ENTRIES = 200;

export type HistoryReader = typeof readHistory;

export class HistoryCache {
  /** Per branch, per span read. */
  private readonly entries = new Map<string, Map<string, { at: number; history: Promise<BranchHistory> }>>();

  constructor(
    private readonly config: Config,
    private readonly now: () => number,
  ) {}

  /** readHistory, answered from the cache when the same branch and span were read within the hour. */
  readonly read: HistoryReader = (sql: Sql, branch, hours: BranchHours, slotMinutes, from, until) => {
    const key = JSON.stringify([hours.opens, hours.closes, hours.timeZone, slotMinutes, from, until]);
    let spans = this.entries.get(branch);
    if (!spans) {
      spans = new Map<string, { at: number; history: Promise<BranchHistory> }>();
      this.entries.set(branch, spans);
    }
    const hit = spans.get(key);
    if (hit && this.now() - hit.at < MAX_AGE_MS) return hit.history;
    if (spans.size >= MAX_ENTRIES) spans.clear();
    const history = readHistory(sql, branch, hours, slotMinutes, from, until);
    spans.set(key, { at: this.now(), history });
    // A failed read is not kept: the next request reads again.
    history.catch(() => spans.get(key)?.history === history && spans.delete(key));
    return history;
  };

  /** A committed change to a visit: one of a day before the branch's today has its history read afresh. */
  changed(fold: Pick<VisitFold, 'branch' | 'arrivedAt'>): void {
    const tz = this.config.branch(fold.branch)?.timeZone;
    if (tz && localDay(fold.arrivedAt, tz) < localDay(this.now(), tz)) this.entries.delete(fold.branch);
  }
}
