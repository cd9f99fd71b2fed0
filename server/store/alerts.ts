/** Fired alerts in SQLite. The id is deterministic, so an alert can be stored — and sent — only once. */
import type { DB } from './db.ts';
import type { Alert } from '../../shared/types.ts';
import type { RuleId } from '../../shared/rules.ts';

interface AlertRow {
  data: string;
  resolved_at: number | null;
  acknowledged_by: string | null;
  acknowledged_at: number | null;
  note: string | null;
  resolved_reason?: string | null;
}

const toAlert = (r: AlertRow): Alert => ({
  ...(JSON.parse(r.data) as Alert),
  acknowledgedBy: r.acknowledged_by,
  acknowledgedAt: r.acknowledged_at === null ? null : new Date(r.acknowledged_at).toISOString(),
  note: r.note,
  resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at).toISOString(),
  resolvedReason: r.resolved_reason ?? null,
});

export class AlertStore {
  private readonly insertStmt;
  private readonly idsOfVisit;

  constructor(readonly db: DB) {
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO alerts (id, branch, visit_id, rule, kind, due_at, fired_at, late, data)
       VALUES (@id, @branch, @visitId, @rule, @kind, @dueAt, @firedAt, @late, @data)`,
    );
    this.idsOfVisit = db.prepare('SELECT id FROM alerts WHERE visit_id = ?').pluck();
  }

  /** Stores an alert that has just fired; false when it had fired before (then it must not be sent). */
  insert(a: Alert): boolean {
    const info = this.insertStmt.run({
      id: a.id,
      branch: a.branch,
      visitId: a.visitId,
      rule: a.rule,
      kind: a.kind,
      dueAt: Date.parse(a.dueAt),
      firedAt: Date.parse(a.firedAt),
      late: a.late ? 1 : 0,
      data: JSON.stringify(a),
    });
    return info.changes === 1;
  }

  firedIds(visitId: string): Set<string> {
    return new Set(this.idsOfVisit.all(visitId) as string[]);
  }

  /** Closes the open alerts of a visit's rule (or all its rules); returns those it closed. */
  resolve(visitId: string, rule: RuleId | null, reason: string, at: number): Alert[] {
    const rows = this.db
      .prepare(
        `UPDATE alerts SET resolved_at = ?, resolved_reason = ?
         WHERE visit_id = ? AND resolved_at IS NULL AND (? IS NULL OR rule = ?) RETURNING *`,
      )
      .all(at, reason, visitId, rule, rule) as AlertRow[];
    return rows.map(toAlert);
  }

  /** One alert of a branch, or undefined. */
  get(branch: string, id: string): Alert | undefined {
    const row = this.db.prepare('SELECT * FROM alerts WHERE branch = ? AND id = ?').get(branch, id) as AlertRow | undefined;
    return row && toAlert(row);
  }

  /** Records who acknowledged an alert, when, and why; false when it was already acknowledged. */
  acknowledge(branch: string, id: string, by: string, at: number, note: string | null): boolean {
    const info = this.db
      .prepare('UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ?, note = ? WHERE branch = ? AND id = ? AND acknowledged_by IS NULL')
      .run(by, at, note, branch, id);
    return info.changes === 1;
  }

  /** Alerts that fired in [from, to) in a branch, oldest first, with acknowledgements and resolution. */
  firedBetween(branch: string, from: number, to: number): Alert[] {
    const rows = this.db
      .prepare('SELECT * FROM alerts WHERE branch = ? AND fired_at >= ? AND fired_at < ? ORDER BY fired_at, id')
      .all(branch, from, to) as AlertRow[];
    return rows.map(toAlert);
  }

  /** Open, unacknowledged breaches of every branch (escalation planning at start-up). */
  openUnacknowledgedBreaches(): Alert[] {
    const rows = this.db
      .prepare("SELECT * FROM alerts WHERE kind = 'breach' AND resolved_at IS NULL AND acknowledged_by IS NULL ORDER BY fired_at")
      .all() as AlertRow[];
    return rows.map(toAlert);
  }

  /** Alerts still open in a branch, oldest first. */
  open(branch: string): Alert[] {
    const rows = this.db
      .prepare('SELECT * FROM alerts WHERE branch = ? AND resolved_at IS NULL ORDER BY fired_at')
      .all(branch) as AlertRow[];
    return rows.map(toAlert);
  }
}
