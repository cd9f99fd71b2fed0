/** What the console knows about the branch right now: open visits, open alerts, the duty board. */
import type { DutyBoard, Snapshot } from '../../shared/socket.ts';
import type { Alert, Visit } from '../../shared/types.ts';

export class Store {
  readonly visits = new Map<string, Visit>();
  alerts: Alert[] = [];
  duty: DutyBoard | null = null;
  private readonly listeners: (() => void)[] = [];

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Replaces everything: a (re)connect's snapshot is the whole truth, deltas missed in a drop included. */
  applySnapshot(s: Snapshot): void {
    this.visits.clear();
    for (const v of s.visits) this.visits.set(v.id, v);
    this.alerts = s.alerts;
    if (s.duty) this.duty = s.duty;
    this.changed();
  }

  applyVisit(v: Visit): void {
    if (v.endedAt !== null) this.visits.delete(v.id);
    else this.visits.set(v.id, v);
    this.changed();
  }

  /** A resolution closes every alert of that visit and rule; anything else replaces its earlier copy. */
  applyAlert(a: Alert): void {
    if (a.kind === 'resolved') this.alerts = this.alerts.filter((x) => !(x.visitId === a.visitId && x.rule === a.rule));
    else this.alerts = [...this.alerts.filter((x) => x.id !== a.id), a];
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
