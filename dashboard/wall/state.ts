/**
 * What the wall knows about the hall: open visits, open alerts and today's visits (for the figures).
 * Plain data, updated by the live connection; the views read it and never keep copies of their own.
 */
import { applyToOpenAlerts } from '../../shared/alerts.ts';
import type { DutyBoard, Snapshot } from '../../shared/socket.ts';
import { toTodayVisit, type TodayVisit } from '../../shared/today.ts';
import type { Alert, Visit } from '../../shared/types.ts';
import { isOpen } from '../../shared/visit.ts';

/** A call to a counter, for the recently-called strip. */
export interface RecentCall {
  visitId: string;
  ticket: string;
  counter: string;
  /** When it was called (ISO 8601, the server's time). */
  at: string;
}

/** The recently-called strip's length. */
const RECENT_CALLS = 5;

export class HallState {
  readonly visits = new Map<string, Visit>();
  readonly alerts = new Map<string, Alert>();
  readonly today = new Map<string, TodayVisit>();
  /** Alerts closed by a late greeting ("met late"), by visit and rule, shown for a short while. */
  readonly metLate = new Map<string, Alert>();
  /** The last calls, newest first (bounded: the wall runs all day). */
  recentCalls: RecentCall[] = [];
  /** Staff names by id, from the duty board (which a wall may read), to say who acknowledged an alert. */
  readonly staffNames = new Map<string, string>();
  /** The server's duty board; null until it reports one (then nothing is foreseen: docs/staffing.md). */
  duty: DutyBoard | null = null;
  /** Visits changed live since today's list was requested: that (older) list must not overwrite them. */
  private touched: Set<string> | null = null;

  applySnapshot(s: Snapshot): void {
    this.visits.clear();
    for (const v of s.visits) this.visits.set(v.id, v);
    this.alerts.clear();
    for (const a of s.alerts) this.applyAlert(a);
    for (const v of s.visits) this.today.set(v.id, toTodayVisit(v));
    if (s.duty) this.applyDuty(s.duty);
    // After a reload or reconnection the open visits still at a counter say who was called; calls
    // already seen live (and since completed) are kept.
    for (const v of s.visits)
      if (v.calledAt !== null && v.counter !== null && (v.state === 'called' || v.state === 'serving'))
        this.noteCall(v);
  }

  applyDuty(board: DutyBoard): void {
    this.duty = board;
    for (const s of board.staff) this.staffNames.set(s.staffId, s.name);
  }

  /** Applies a changed visit; returns true when it has just been called (or recalled) to a counter. */
  applyVisit(v: Visit): boolean {
    const before = this.visits.get(v.id);
    if (isOpen(v.state)) this.visits.set(v.id, v);
    else this.visits.delete(v.id);
    this.today.set(v.id, toTodayVisit(v));
    this.touched?.add(v.id);
    const called = v.state === 'called' && v.calledAt !== null && v.calledAt !== before?.calledAt;
    if (called) this.noteCall(v);
    return called;
  }

  /** Puts a call on the strip (a recall moves the ticket to the front, never twice on it). */
  private noteCall(v: Visit): void {
    const call: RecentCall = { visitId: v.id, ticket: v.ticket, counter: v.counter!, at: v.calledAt! };
    if (this.recentCalls.some((c) => c.visitId === v.id && c.at >= call.at)) return; // known already
    const others = this.recentCalls.filter((c) => c.visitId !== v.id);
    this.recentCalls = [...others, call].sort((a, b) => b.at.localeCompare(a.at)).slice(0, RECENT_CALLS);
  }

  applyAlert(a: Alert): void {
    applyToOpenAlerts(this.alerts, a);
    // The customer was greeted after the breach: shown as "met late" for a while.
    if (a.kind === 'resolved' && a.reason === 'greeted-late') this.metLate.set(`${a.visitId}:${a.rule}`, a);
  }

  /** Forgets "met late" notices older than `keepMs`; true when one went. */
  pruneMetLate(now: number, keepMs: number): boolean {
    let changed = false;
    for (const [k, a] of this.metLate) {
      if (now - Date.parse(a.firedAt) > keepMs) {
        this.metLate.delete(k);
        changed = true;
      }
    }
    return changed;
  }

  /** Marks the start of a request for today's visits. */
  beginToday(): void {
    this.touched = new Set();
  }

  /** Replaces today's visits with the server's list, keeping what changed live meanwhile. */
  setToday(list: TodayVisit[]): void {
    const keep = this.touched ?? new Set<string>();
    this.touched = null;
    const fresh = new Map(list.map((v) => [v.id, v]));
    for (const id of this.today.keys()) if (!fresh.has(id) && !keep.has(id)) this.today.delete(id);
    for (const [id, v] of fresh) if (!keep.has(id)) this.today.set(id, v);
  }

  /** Drops visits that are not of today (the wall runs past midnight). */
  pruneToday(isToday: (v: TodayVisit) => boolean): void {
    for (const [id, v] of this.today) if (!isToday(v) && !this.visits.has(id)) this.today.delete(id);
  }
}
