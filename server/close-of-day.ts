/**
 * Close of day: at each branch's closing time (its own time zone) the visits still open are closed as
 * left-at-close and the day's report is frozen as revision 1. A server that was down at closing time
 * catches up at start. The scheduler owns the timers; this only says what happens when one fires. It
 * closes visits the way a tablet acts on one, through the command it is given (`closeVisit`: the hall's
 * system append), and reads the open visits from their cache.
 */
import type { Config } from './config.ts';
import type { OpenVisits } from './open-visits.ts';
import type { ReportService } from './reports/service.ts';
import type { Tasks } from './scheduler.ts';
import type { DraftEvent } from './store/log.ts';
import { logger } from './logger.ts';
import { localDay, localInstant } from '../shared/time.ts';

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const previousDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** How long after a close its digest still goes out (a restart soon after closing still sends it). */
const DIGEST_WITHIN_MS = 6 * 3_600_000;

export class CloseOfDay {
  constructor(
    private readonly open: OpenVisits,
    /** Appends a system event to a visit, unless it has ended meanwhile (Hall.appendSystem). */
    private readonly closeVisit: (draft: DraftEvent) => Promise<unknown>,
    private readonly tasks: Tasks,
    private readonly reports: Pick<ReportService, 'freeze'>,
    private readonly config: Config,
    private readonly now: () => number,
    /** A day was closed and its report frozen (the close-of-day digest to the notification channels). */
    private readonly dayClosed: (branch: string, day: string) => Promise<unknown> = async () => undefined,
  ) {}

  /** Catches up on a branch's closings missed while down (or while no process owned it), then plans its next. */
  async takeOver(branchId: string): Promise<void> {
    const b = this.config.branch(branchId);
    if (!b) return;
    const today = localDay(this.now(), b.timeZone);
    const closesToday = localInstant(today, b.closes, b.timeZone);
    const lastDay = this.now() >= closesToday ? today : previousDay(today);
    await this.closeDaysUpTo(b.id, lastDay);
    this.plan(b.id);
  }

  /** Plans the branch's next closing instant (today's if still ahead, else tomorrow's). */
  private plan(branchId: string): void {
    const b = this.config.branch(branchId);
    if (!b) return;
    let day = localDay(this.now(), b.timeZone);
    if (localInstant(day, b.closes, b.timeZone) <= this.now()) day = nextDay(day);
    this.tasks.planTask(`close-of-day:${branchId}`, branchId, localInstant(day, b.closes, b.timeZone), async () => {
      await this.closeDaysUpTo(branchId, day);
      this.plan(branchId);
    });
  }

  /**
   * Closes every open visit that arrived on or before `lastDay` at its own day's closing instant, and
   * freezes those days and `lastDay`. Imported visits are never open, so history is left as recorded.
   */
  async closeDaysUpTo(branchId: string, lastDay: string): Promise<void> {
    const b = this.config.branch(branchId);
    if (!b) return;
    const days = new Set<string>([lastDay]);
    // Most open visits arrived after lastDay: tell them apart by one instant, not a time-zone sum each.
    const afterLastDay = localInstant(nextDay(lastDay), '00:00', b.timeZone);
    for (const fold of this.open.folds(branchId)) {
      if (fold.arrivedAt >= afterLastDay) continue;
      const day = localDay(fold.arrivedAt, b.timeZone);
      if (day > lastDay) continue;
      const closesAt = localInstant(day, b.closes, b.timeZone);
      await this.closeVisit({
        visitId: fold.id,
        branch: branchId,
        type: 'closed',
        // Never before what already happened to the visit (a replayed or late event after the close).
        occurredAt: Math.max(closesAt, ...fold.events.map((e) => e.occurredAt)),
        actor: { type: 'system', id: 'close-of-day' },
        payload: { reason: 'left-at-close' },
      });
      days.add(day);
    }
    for (const day of [...days].sort()) await this.reports.freeze(branchId, day);
    logger.info({ branch: branchId, days: [...days] }, 'close of day: open visits closed, report frozen');
    // The digest of the day that just closed; a start long after a close (a server off for days) sends none
    // for days nobody is waiting to hear about. Sent once per branch and day (the notifier's key).
    if (this.now() - localInstant(lastDay, b.closes, b.timeZone) < DIGEST_WITHIN_MS) {
      await this.dayClosed(branchId, lastDay).catch((err: unknown) =>
        logger.error({ err, branch: branchId, day: lastDay }, 'the close-of-day digest could not be queued'),
      );
    }
  }
}
