/**
 * The only owner of timers. Each warning and breach gets a timer planned for its due instant; every
 * change to a visit re-plans it. At start-up, what fell due while the server was down fires once, late.
 * With several processes, only the process that owns a branch (server/cluster/ownership.ts) plans its
 * clocks; one that takes a branch over replans it from the log the same way.
 *
 * It reads the open visits (server/open-visits.ts) and is told of changes by the after-commit steps; it
 * never calls into the command path. Alerts leave through the sinks (server/alert-sink.ts).
 */
import type { AlertSinks } from './alert-sink.ts';
import type { OpenVisits } from './open-visits.ts';
import type { AlertStore } from './store/alerts.ts';
import type { Ownership } from './cluster/ownership.ts';
import { logger } from './logger.ts';
import { alertInstants, isClockOpen, type AlertInstant, type Clock, type VisitFold } from '../shared/visit.ts';
import type { Alert } from '../shared/types.ts';
import { ruleNames } from '../shared/i18n/rule-names.ts';

/** An alert that fires later than this after its due instant is marked late. */
const LATE_AFTER_MS = 1000;

/**
 * TEST HOOK, inert unless set: YINGBIN_TEST_CRASH_AFTER_CLAIM=1 makes the process SIGKILL itself right
 * after it has stored (claimed) alerts and before it sends them — the crash window the resend on takeover
 * covers (tests/integration/cluster.test.ts). Never set in production.
 */
const CRASH_AFTER_CLAIM = process.env.YINGBIN_TEST_CRASH_AFTER_CLAIM === '1';

/** One-off tasks at an instant, on the owner of a branch: what alert handling and close of day plan. */
export interface Tasks {
  planTask(key: string, branch: string, at: number, task: () => Promise<void> | void): void;
  cancelTask(key: string): void;
}

export class Scheduler implements Tasks {
  private readonly timers = new Map<string, { branch: string; list: NodeJS.Timeout[] }>();
  /** One-off tasks planned by others (alert escalation, close of day), by key: still one owner of every timer. */
  private readonly tasks = new Map<string, { branch: string; timer: NodeJS.Timeout }>();

  constructor(
    private readonly open: OpenVisits,
    private readonly alerts: AlertStore,
    private readonly ownership: Ownership,
    private readonly sinks: AlertSinks,
    private readonly now: () => number,
  ) {}

  /**
   * Takes a branch on (start-up, or another process's lease lapsed): reloads its open visits from the
   * log and plans them — overdue alerts fire now, once, marked late.
   */
  async takeOver(branch: string): Promise<void> {
    // Claimed by a process that died before sending them (or this one, before a crash). Read before this
    // process plans the branch: what planning fires now is claimed but not yet marked sent for a moment,
    // and reading after it would send those a second time.
    const unsent = await this.alerts.unpushed(branch);
    const folds = await this.open.load(branch);
    for (const fold of folds) await this.plan(fold);
    // Screens keep alerts by id, so if the dead sender did get one out, the repeat changes nothing there.
    for (const a of unsent) this.sinks.fired(a);
    await this.markPushed(unsent);
  }

  /** Lets a branch go (its lease was lost): its timers stop here; its new owner plans them. */
  release(branch: string): void {
    for (const [id, t] of this.timers) {
      if (t.branch !== branch) continue;
      t.list.forEach(clearTimeout);
      this.timers.delete(id);
    }
    for (const [key, t] of this.tasks) {
      if (t.branch !== branch) continue;
      clearTimeout(t.timer);
      this.tasks.delete(key);
    }
  }

  stop(): void {
    for (const t of this.timers.values()) t.list.forEach(clearTimeout);
    this.timers.clear();
    this.tasks.forEach((t) => clearTimeout(t.timer));
    this.tasks.clear();
    this.due = []; // not stored, so not sent: they fire, late, at the next start
  }

  /**
   * Runs `task` at the instant `at` (never before it) while this process owns `branch`; planning the
   * same key again replaces it. A task that fails is logged.
   */
  planTask(key: string, branch: string, at: number, task: () => Promise<void> | void): void {
    this.cancelTask(key);
    if (!this.ownership.owns(branch)) return;
    const timer = setTimeout(
      () => {
        this.tasks.delete(key);
        if (this.now() < at) return this.planTask(key, branch, at, task);
        Promise.resolve()
          .then(task)
          .catch((err: unknown) => logger.error({ err, task: key }, 'a planned task failed'));
      },
      Math.max(0, at - this.now()),
    );
    this.tasks.set(key, { branch, timer });
  }

  cancelTask(key: string): void {
    clearTimeout(this.tasks.get(key)?.timer);
    this.tasks.delete(key);
  }

  /** How many timers are planned (for benchmarks and health checks). */
  get plannedTimers(): number {
    let n = 0;
    for (const t of this.timers.values()) n += t.list.length;
    return n + this.tasks.size;
  }

  /**
   * Plans a visit's alerts as it now stands (every committed change to it, whichever process made it).
   * `here`: this process committed the change. A process that does not own the branch still fires, late, what
   * the change shows was missed — an instant that fell before the stop or the end and never fired — because
   * the branch may have had no owner just then (its owner died and the lease has not been taken yet), and a
   * visit that ends within that gap is never loaded by the next owner (it loads open visits). The alert's id
   * is claimed in the store, so an owner firing the same instant makes it once all the same.
   */
  async plan(fold: VisitFold, here = true): Promise<void> {
    this.timers.get(fold.id)?.list.forEach(clearTimeout);
    this.timers.delete(fold.id);
    if (!this.ownership.owns(fold.branch)) {
      if (here && this.missedBy(fold, this.now()))
        await this.fireMissed(fold, await this.alerts.firedIds(fold.id), this.now());
      return;
    }
    const now = this.now();
    const fired = await this.alerts.firedIds(fold.id);
    // Alerts follow the clock's times, not the timer's luck: what fell due before the stop or the end
    // and has not fired yet (a timer that lagged, a replayed stop) fires first, then is resolved.
    await this.fireMissed(fold, fired, now);
    if (fold.endedAt !== null) {
      await this.resolve(fold, null, 'ended', now);
      return;
    }
    const planned: NodeJS.Timeout[] = [];
    for (const clock of fold.clocks) {
      if (clock.stop !== null) {
        await this.resolve(fold, clock, 'greeted', now);
        continue;
      }
      for (const due of alertInstants(clock)) {
        const id = `${fold.id}:${clock.id}:${due.key}:${due.at}`;
        if (fired.has(id)) continue;
        if (due.at <= now) this.fire(fold.id, clock.id, due, id);
        else planned.push(this.timer(fold.id, clock.id, due, id));
      }
    }
    if (planned.length === 0) return;
    // A newer change may have planned this visit while this one waited for the store: keep the newest.
    if (this.open.get(fold.id) !== fold) return planned.forEach(clearTimeout);
    this.timers.get(fold.id)?.list.forEach(clearTimeout);
    this.timers.set(fold.id, { branch: fold.branch, list: planned });
  }

  private timer(visitId: string, rule: Clock['id'], due: AlertInstant, id: string): NodeJS.Timeout {
    return setTimeout(
      () => {
        // A timer may wake a millisecond early; an alert must never come before its instant.
        if (this.now() < due.at) {
          this.timers.get(visitId)?.list.push(this.timer(visitId, rule, due, id));
          return;
        }
        this.fire(visitId, rule, due, id);
      },
      Math.max(0, due.at - this.now()),
    );
  }

  private fire(visitId: string, rule: Clock['id'], due: AlertInstant, id: string): void {
    const fold = this.open.get(visitId);
    const clock = fold?.clocks.find((c) => c.id === rule);
    if (!fold || !clock || !isClockOpen(clock, fold)) return;
    const alert = alertOf(fold, clock, due, id, this.now());
    if (this.due.length === 0) setImmediate(() => void this.sendDue());
    this.due.push({ alert, seenSeq: this.open.seenSeq(visitId) });
  }

  /** Has the visit an instant that fell before its clock's stop or its end (pure: no read)? */
  private missedBy(fold: VisitFold, now: number): boolean {
    return fold.clocks.some((clock) => {
      const until = clock.stop ?? fold.endedAt;
      return until !== null && alertInstants(clock).some((due) => due.at < until && due.at <= now);
    });
  }

  /**
   * Fires, late if so, the alerts of a stopped clock or an ended visit whose instants came before the
   * stop or end but never fired. Stored by id before it is sent (so once, across processes too); the
   * newer event is no reason to hold it back: it happened while the clock was still open.
   */
  private async fireMissed(fold: VisitFold, fired: Set<string>, now: number): Promise<void> {
    // A check-in replayed into a day already closed was never live: nobody could have been told.
    if (fold.events.some((e) => e.type === 'closed' && e.payload.lateCheckIn === true)) return;
    const missed: Alert[] = [];
    for (const clock of fold.clocks) {
      const until = clock.stop ?? fold.endedAt;
      if (until === null) continue;
      for (const due of alertInstants(clock)) {
        const id = `${fold.id}:${clock.id}:${due.key}:${due.at}`;
        if (due.at < until && due.at <= now && !fired.has(id)) missed.push(alertOf(fold, clock, due, id, now));
      }
    }
    if (missed.length === 0) return;
    const fresh = await this.alerts.sql.transaction(async () => {
      const out: Alert[] = [];
      for (const a of missed) if (await this.alerts.insert(a)) out.push(a);
      return out;
    });
    if (fresh.length > 0 && CRASH_AFTER_CLAIM) process.kill(process.pid, 'SIGKILL');
    for (const a of fresh) this.sinks.fired(a);
    await this.markPushed(fresh);
  }

  /** Notes that alerts went out, so a takeover does not send them again (best effort: a repeat is harmless). */
  private async markPushed(sent: Alert[]): Promise<void> {
    if (sent.length === 0) return;
    await this.alerts
      .markPushed(
        sent.map((a) => a.id),
        this.now(),
      )
      .catch((err: unknown) => logger.warn({ err }, 'could not mark alerts as sent'));
  }

  /** Alerts that fell due in this turn of the event loop, not yet stored. */
  private due: { alert: Alert; seenSeq: number }[] = [];

  /**
   * Claims the alerts that fell due together in ONE transaction, then sends those it got. One fsync per
   * alert queued a burst of dues behind each other (BENCHMARKS.md); an alert is still stored before it
   * is sent, so it is sent once, also across a crash and across processes (AlertStore.claim).
   */
  private async sendDue(): Promise<void> {
    const batch = this.due;
    this.due = [];
    if (batch.length === 0) return;
    const changedElsewhere: string[] = [];
    let fresh: Alert[];
    try {
      fresh = await this.alerts.sql.transaction(async () => {
        const out: Alert[] = [];
        for (const { alert: a, seenSeq } of batch) {
          // Greeted or ended since it fell due, in this same turn: it must not fire after its resolution.
          const fold = this.open.get(a.visitId);
          const clock = fold?.clocks.find((c) => c.id === a.rule);
          if (!fold || !clock || !isClockOpen(clock, fold)) continue;
          if (await this.alerts.claim(a, seenSeq)) out.push(a);
          else if (this.open.seenSeq(a.visitId) === seenSeq) changedElsewhere.push(a.visitId);
        }
        return out;
      });
    } catch (err) {
      // Not stored, so not sent: the visits are planned again, and what is still due fires, late.
      logger.error({ err }, 'alerts could not be stored; retrying');
      setTimeout(() => void this.replan(batch.map((d) => d.alert.visitId)), 1000).unref();
      return;
    }
    if (fresh.length > 0 && CRASH_AFTER_CLAIM) process.kill(process.pid, 'SIGKILL');
    for (const a of fresh) this.sinks.fired(a);
    await this.markPushed(fresh);
    // Refused because the visit has a newer event than this process has seen: read it and plan again.
    for (const id of new Set(changedElsewhere)) await this.open.applyRemote(id);
  }

  private async replan(visitIds: string[]): Promise<void> {
    for (const id of new Set(visitIds)) {
      const fold = this.open.get(id);
      if (fold) await this.plan(fold);
    }
  }

  private async resolve(fold: VisitFold, clock: Clock | null, reason: 'greeted' | 'ended', now: number): Promise<void> {
    const closed = await this.alerts.resolve(fold.id, clock?.id ?? null, reason, now);
    const rules = [...new Set(closed.map((a) => a.rule))];
    for (const rule of rules) {
      const c = fold.clocks.find((x) => x.id === rule)!;
      this.sinks.resolved({
        id: `${fold.id}:${rule}:resolved`,
        kind: 'resolved',
        visitId: fold.id,
        branch: fold.branch,
        ticket: fold.ticket,
        line: fold.line,
        rule,
        ruleName: ruleNames({ ...c.version, id: rule }),
        dueAt: new Date(c.due).toISOString(),
        clockDueAt: new Date(c.due).toISOString(),
        firedAt: new Date(now).toISOString(),
        late: false,
        vip: fold.vip,
        specialNeeds: fold.specialNeeds,
        // "met late": the customer was greeted, after the breach.
        reason: reason === 'greeted' && c.stop !== null && c.stop > c.due ? 'greeted-late' : reason,
      });
    }
  }
}

function alertOf(fold: VisitFold, clock: Clock, due: AlertInstant, id: string, now: number): Alert {
  return {
    id,
    kind: due.kind,
    visitId: fold.id,
    branch: fold.branch,
    ticket: fold.ticket,
    line: fold.line,
    rule: clock.id,
    // Named as the clock's version says, so a reader outside the pages (a chat robot) needs no lookup.
    ruleName: ruleNames({ ...clock.version, id: clock.id }),
    dueAt: new Date(due.at).toISOString(),
    clockDueAt: new Date(clock.due).toISOString(),
    firedAt: new Date(now).toISOString(),
    late: now - due.at > LATE_AFTER_MS,
    vip: fold.vip,
    specialNeeds: fold.specialNeeds,
  };
}
