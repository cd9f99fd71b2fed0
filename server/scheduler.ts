/**
 * The only owner of timers. Each warning and breach gets a timer planned for its due instant; every
 * change to a visit re-plans it. At start-up, what fell due while the server was down fires once, late.
 */
import type { Hall } from './hall.ts';
import type { AlertStore } from './store/alerts.ts';
import { alertInstants, isClockOpen, type AlertInstant, type Clock, type VisitFold } from '../shared/visit.ts';
import type { Alert } from '../shared/types.ts';

/** An alert that fires later than this after its due instant is marked late. */
const LATE_AFTER_MS = 1000;

export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout[]>();
  /** One-off tasks planned by others (alert escalation), by key: still one owner of every timer. */
  private readonly tasks = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly hall: Hall,
    private readonly alerts: AlertStore,
    private readonly emit: (alert: Alert) => void,
    private readonly now: () => number,
  ) {
    hall.onChange((fold) => this.plan(fold));
  }

  /** Plans every open visit (start-up): overdue alerts fire now, marked late. */
  start(): void {
    for (const fold of this.hall.open.values()) this.plan(fold);
  }

  stop(): void {
    for (const list of this.timers.values()) list.forEach(clearTimeout);
    this.timers.clear();
    this.tasks.forEach(clearTimeout);
    this.tasks.clear();
    this.due = []; // not stored, so not sent: they fire, late, at the next start
  }

  /** Runs `task` at the instant `at` (never before it); planning the same key again replaces it. */
  planTask(key: string, at: number, task: () => void): void {
    this.cancelTask(key);
    const t = setTimeout(() => {
      this.tasks.delete(key);
      if (this.now() < at) return this.planTask(key, at, task);
      task();
    }, Math.max(0, at - this.now()));
    this.tasks.set(key, t);
  }

  cancelTask(key: string): void {
    clearTimeout(this.tasks.get(key));
    this.tasks.delete(key);
  }

  /** How many timers are planned (for benchmarks and health checks). */
  get plannedTimers(): number {
    let n = 0;
    for (const list of this.timers.values()) n += list.length;
    return n + this.tasks.size;
  }

  plan(fold: VisitFold): void {
    this.timers.get(fold.id)?.forEach(clearTimeout);
    this.timers.delete(fold.id);
    const now = this.now();
    if (fold.endedAt !== null) {
      this.resolve(fold, null, 'ended', now);
      return;
    }
    const fired = this.alerts.firedIds(fold.id);
    const planned: NodeJS.Timeout[] = [];
    for (const clock of fold.clocks) {
      if (clock.stop !== null) {
        this.resolve(fold, clock, 'greeted', now);
        continue;
      }
      for (const due of alertInstants(clock)) {
        const id = `${fold.id}:${clock.id}:${due.key}:${due.at}`;
        if (fired.has(id)) continue;
        if (due.at <= now) this.fire(fold.id, clock.id, due, id);
        else planned.push(this.timer(fold.id, clock.id, due, id));
      }
    }
    if (planned.length > 0) this.timers.set(fold.id, planned);
  }

  private timer(visitId: string, rule: Clock['id'], due: AlertInstant, id: string): NodeJS.Timeout {
    return setTimeout(() => {
      // A timer may wake a millisecond early; an alert must never come before its instant.
      if (this.now() < due.at) {
        const list = this.timers.get(visitId) ?? [];
        list.push(this.timer(visitId, rule, due, id));
        this.timers.set(visitId, list);
        return;
      }
      this.fire(visitId, rule, due, id);
    }, Math.max(0, due.at - this.now()));
  }

  private fire(visitId: string, rule: Clock['id'], due: AlertInstant, id: string): void {
    const fold = this.hall.open.get(visitId);
    const clock = fold?.clocks.find((c) => c.id === rule);
    if (!fold || !clock || !isClockOpen(clock, fold)) return;
    const now = this.now();
    const alert: Alert = {
      id,
      kind: due.kind,
      visitId,
      branch: fold.branch,
      ticket: fold.ticket,
      line: fold.line,
      rule,
      dueAt: new Date(due.at).toISOString(),
      clockDueAt: new Date(clock.due).toISOString(),
      firedAt: new Date(now).toISOString(),
      late: now - due.at > LATE_AFTER_MS,
      vip: fold.vip,
      specialNeeds: fold.specialNeeds,
    };
    if (this.due.length === 0) setImmediate(() => this.sendDue());
    this.due.push(alert);
  }

  /** Alerts that fell due in this turn of the event loop, not yet stored. */
  private due: Alert[] = [];

  /**
   * Stores the alerts that fell due together in ONE transaction, then sends those that were new. One
   * fsync per alert queued a burst of dues behind each other (BENCHMARKS.md); an alert is still on disk
   * before it is sent, so it is sent once, also across a crash.
   */
  private sendDue(): void {
    const batch = this.due;
    this.due = [];
    if (batch.length === 0) return;
    const fresh = this.alerts.db.transaction(() =>
      batch.filter((a) => {
        // Greeted or ended since it fell due, in this same turn: it must not fire after its resolution.
        const fold = this.hall.open.get(a.visitId);
        const clock = fold?.clocks.find((c) => c.id === a.rule);
        return fold !== undefined && clock !== undefined && isClockOpen(clock, fold) && this.alerts.insert(a);
      }),
    )();
    for (const a of fresh) this.emit(a);
  }

  private resolve(fold: VisitFold, clock: Clock | null, reason: 'greeted' | 'ended', now: number): void {
    const closed = this.alerts.resolve(fold.id, clock?.id ?? null, reason, now);
    const rules = [...new Set(closed.map((a) => a.rule))];
    for (const rule of rules) {
      const c = fold.clocks.find((x) => x.id === rule)!;
      this.emit({
        id: `${fold.id}:${rule}:resolved`,
        kind: 'resolved',
        visitId: fold.id,
        branch: fold.branch,
        ticket: fold.ticket,
        line: fold.line,
        rule,
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
