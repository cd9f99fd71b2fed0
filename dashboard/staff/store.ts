/** What the console knows about the branch right now: open visits, open alerts, the duty board. */
import type { DutyBoard, Snapshot } from '../../shared/socket.ts';
import { applyToOpenAlerts } from '../../shared/alerts.ts';
import type { Alert, Visit } from '../../shared/types.ts';

export class Store {
  readonly visits = new Map<string, Visit>();
  private readonly open = new Map<string, Alert>();
  duty: DutyBoard | null = null;
  /** False until the first snapshot: an empty list before it means "not known yet", not "nobody". */
  loaded = false;
  private readonly listeners: (() => void)[] = [];

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Replaces everything: a (re)connect's snapshot is the whole truth, deltas missed in a drop included. */
  applySnapshot(s: Snapshot): void {
    this.visits.clear();
    for (const v of s.visits) this.visits.set(v.id, v);
    this.open.clear();
    for (const a of s.alerts) applyToOpenAlerts(this.open, a);
    if (s.duty) this.duty = s.duty;
    this.loaded = true;
    this.changed();
  }

  applyVisit(v: Visit): void {
    if (v.endedAt !== null) this.visits.delete(v.id);
    else this.visits.set(v.id, v);
    this.changed();
  }

  /** The open alerts, oldest first. */
  get alerts(): Alert[] {
    return [...this.open.values()];
  }

  /** A resolution closes every alert of that visit and rule; anything else replaces its earlier copy. */
  applyAlert(a: Alert): void {
    applyToOpenAlerts(this.open, a);
    this.changed();
  }

  applyDuty(d: DutyBoard): void {
    this.duty = d;
    this.changed();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
