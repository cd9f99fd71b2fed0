/**
 * What happens to an alert after it fires: a manager acknowledges it (who, when, a note), and a breach
 * nobody acknowledges within `alerts.escalateAfterMinutes` escalates to the manager role. The timers
 * belong to the scheduler; this module only says what to plan and what to do when it comes due. It hears
 * of alerts as one sink among the others (`sink`), and tells its own news (escalations,
 * acknowledgements) to all of them.
 */
import type { AlertSink, AlertSinks } from './alert-sink.ts';
import type { Config } from './config.ts';
import { conflict, notFound } from './errors.ts';
import type { Tasks } from './scheduler.ts';
import type { AlertStore } from './store/alerts.ts';
import { ACTIONABLE, escalationId } from '../shared/alerts.ts';
import type { Alert } from '../shared/types.ts';

/** An escalation that fires later than this after its instant (server was down) is marked late. */
const LATE_AFTER_MS = 1000;

const taskKey = (a: Pick<Alert, 'visitId' | 'rule'>) => `escalate:${a.visitId}:${a.rule}`;

export class AlertHandling {
  /**
   * The escalation as a sink: a breach plans its escalation; a resolution, or an acknowledgement of the
   * breach (someone is on it), cancels it.
   */
  readonly sink: AlertSink = {
    name: 'escalation',
    fired: (a) => {
      if (a.kind === 'breach') this.planEscalation(a);
    },
    resolved: (a) => this.tasks.cancelTask(taskKey(a)),
    acknowledged: (a) => {
      if (a.kind === 'breach') this.tasks.cancelTask(taskKey(a));
    },
  };

  constructor(
    private readonly alerts: AlertStore,
    private readonly tasks: Tasks,
    private readonly config: Config,
    private readonly sinks: AlertSinks,
    private readonly now: () => number,
  ) {}

  /** Plans the escalation of a branch's open, unacknowledged breaches (branch taken on): overdue ones fire now, late. */
  async takeOver(branch: string): Promise<void> {
    for (const breach of await this.alerts.openUnacknowledgedBreaches(branch)) this.planEscalation(breach);
  }

  /** Records a manager's acknowledgement and returns the alert as it now stands (also pushed live). */
  async acknowledge(branch: string, id: string, staffId: string, note: string | undefined): Promise<Alert> {
    const alert = await this.alerts.get(branch, id);
    if (!alert || !ACTIONABLE.includes(alert.kind))
      throw notFound('unknown-alert', `no alert "${id}" in branch ${branch}`);
    const at = this.now();
    if (!(await this.alerts.acknowledge(branch, id, staffId, at, note ? note : null))) {
      throw conflict(
        'already-acknowledged',
        `alert ${id} was already acknowledged by ${alert.acknowledgedBy} at ${alert.acknowledgedAt}`,
      );
    }
    // A complaint is about a finished visit: nothing else will close it, so its acknowledgement does.
    if (alert.kind === 'complaint') await this.alerts.resolve(alert.visitId, alert.rule, 'acknowledged', at);
    const updated = (await this.alerts.get(branch, id))!;
    this.sent(updated, (a) => this.sinks.acknowledged(a));
    return updated;
  }

  private planEscalation(breach: Alert): void {
    const minutes = this.config.alerts.escalateAfterMinutes;
    if (minutes <= 0) return; // 0 = never escalate
    const at = Date.parse(breach.firedAt) + Math.round(minutes * 60_000);
    this.tasks.planTask(taskKey(breach), breach.branch, at, () => this.escalate(breach, at));
  }

  private async escalate(breach: Alert, at: number): Promise<void> {
    // Read again: it may have been acknowledged on another process since this was planned.
    const current = await this.alerts.get(breach.branch, breach.id);
    if (!current || current.acknowledgedBy || current.resolvedAt) return;
    const now = this.now();
    const escalation: Alert = {
      id: escalationId(breach.id),
      kind: 'escalation',
      visitId: breach.visitId,
      branch: breach.branch,
      ticket: breach.ticket,
      line: breach.line,
      rule: breach.rule,
      dueAt: new Date(at).toISOString(),
      clockDueAt: breach.clockDueAt,
      firedAt: new Date(now).toISOString(),
      late: now - at > LATE_AFTER_MS,
      vip: breach.vip,
      specialNeeds: breach.specialNeeds,
    };
    if (!(await this.alerts.insert(escalation))) return;
    this.sent((await this.alerts.get(breach.branch, escalation.id))!, (a) => this.sinks.fired(a));
  }

  /** Tells the sinks, then notes it went out: a takeover need not send it again (the scheduler marks its own). */
  private sent(a: Alert, tell: (a: Alert) => void): void {
    tell(a);
    void this.alerts.markPushed([a.id], this.now()).catch(() => undefined);
  }
}
