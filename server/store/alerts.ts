/** Fired alerts. The id is deterministic, so an alert can be stored — and sent — only once. */
import type { Sql } from './sql.ts';
import type { Alert } from '../../shared/types.ts';
import type { RuleId } from '../../shared/rules.ts';
import { dbClock } from './db-clock.ts';

/** An alert as it stands, with when it last changed on the database's clock (migration 0021). */
interface ChangedAlert {
  alert: Alert;
  changedAt: number;
}

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

const INSERT = `INSERT INTO alerts (id, branch, visit_id, rule, kind, due_at, fired_at, late, data)`;
const values = (a: Alert) => [
  a.id,
  a.branch,
  a.visitId,
  a.rule,
  a.kind,
  Date.parse(a.dueAt),
  Date.parse(a.firedAt),
  a.late ? 1 : 0,
  JSON.stringify(a),
];

export class AlertStore {
  constructor(readonly sql: Sql) {}

  /** Stores an alert that has just fired; false when it had fired before (then it must not be sent). */
  async insert(a: Alert): Promise<boolean> {
    const rows = await this.sql.all(
      `${INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id`,
      values(a),
    );
    return rows.length === 1;
  }

  /**
   * Claims a clock's alert for sending — one conditional write, so of two processes that both believe
   * they own the branch only one gets it: false when the alert fired already, or when the visit has an
   * event newer than `seenSeq` (it was greeted or ended elsewhere since the sender last looked).
   */
  async claim(a: Alert, seenSeq: number): Promise<boolean> {
    const rows = await this.sql.all(
      // Typed: PostgreSQL cannot tell a parameter's type from a bare SELECT list.
      `${INSERT} SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),
         CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS TEXT)
       WHERE NOT EXISTS (SELECT 1 FROM events WHERE visit_id = ? AND seq > ?)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [...values(a), a.visitId, seenSeq],
    );
    return rows.length === 1;
  }

  async firedIds(visitId: string): Promise<Set<string>> {
    const rows = await this.sql.all<{ id: string }>('SELECT id FROM alerts WHERE visit_id = ?', [visitId]);
    return new Set(rows.map((r) => r.id));
  }

  /** Closes the open alerts of a visit's rule (or all its clocks' alerts); returns those it closed. */
  async resolve(visitId: string, rule: RuleId | null, reason: string, at: number): Promise<Alert[]> {
    const rows =
      rule === null
        ? await this.sql.all<AlertRow>(
            // A complaint comes after its visit ended and is about no clock: only its acknowledgement closes it.
            "UPDATE alerts SET resolved_at = ?, resolved_reason = ? WHERE visit_id = ? AND resolved_at IS NULL AND kind <> 'complaint' RETURNING *",
            [at, reason, visitId],
          )
        : await this.sql.all<AlertRow>(
            'UPDATE alerts SET resolved_at = ?, resolved_reason = ? WHERE visit_id = ? AND resolved_at IS NULL AND rule = ? RETURNING *',
            [at, reason, visitId, rule],
          );
    return rows.map(toAlert);
  }

  /** One alert of a branch, or undefined. */
  async get(branch: string, id: string): Promise<Alert | undefined> {
    const row = await this.sql.get<AlertRow>('SELECT * FROM alerts WHERE branch = ? AND id = ?', [branch, id]);
    return row && toAlert(row);
  }

  /** Records who acknowledged an alert, when, and why; false when it was already acknowledged. */
  async acknowledge(branch: string, id: string, by: string, at: number, note: string | null): Promise<boolean> {
    const changed = await this.sql.run(
      'UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ?, note = ? WHERE branch = ? AND id = ? AND acknowledged_by IS NULL',
      [by, at, note, branch, id],
    );
    return changed === 1;
  }

  /** Alerts that fired in [from, to) in a branch, oldest first, with acknowledgements and resolution. */
  async firedBetween(branch: string, from: number, to: number): Promise<Alert[]> {
    const rows = await this.sql.all<AlertRow>(
      'SELECT * FROM alerts WHERE branch = ? AND fired_at >= ? AND fired_at < ? ORDER BY fired_at, id',
      [branch, from, to],
    );
    return rows.map(toAlert);
  }

  /** Open, unacknowledged breaches of a branch (escalation planning when the branch is taken on). */
  async openUnacknowledgedBreaches(branch: string): Promise<Alert[]> {
    const rows = await this.sql.all<AlertRow>(
      "SELECT * FROM alerts WHERE branch = ? AND kind = 'breach' AND resolved_at IS NULL AND acknowledged_by IS NULL ORDER BY fired_at",
      [branch],
    );
    return rows.map(toAlert);
  }

  /** Notes that alerts were sent to the screens (the outbox's "sent" mark). */
  async markPushed(ids: string[], at: number): Promise<void> {
    // One statement per few hundred: a burst of alerts must not cost a commit each (BENCHMARKS.md).
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await this.sql.run(
        `UPDATE alerts SET pushed_at = ? WHERE pushed_at IS NULL AND id IN (${chunk.map(() => '?').join(', ')})`,
        [at, ...chunk],
      );
    }
  }

  /** Alerts of a branch stored but never marked sent (their sender died in between), oldest first. */
  async unpushed(branch: string): Promise<Alert[]> {
    const rows = await this.sql.all<AlertRow>(
      'SELECT * FROM alerts WHERE branch = ? AND pushed_at IS NULL ORDER BY fired_at, id',
      [branch],
    );
    return rows.map(toAlert);
  }

  /** Alerts of every branch that fired at or after `from` (resolved ones too): the snapshot's recent alerts. */
  async firedSince(from: number): Promise<Alert[]> {
    const rows = await this.sql.all<AlertRow>('SELECT * FROM alerts WHERE fired_at >= ? ORDER BY fired_at, id', [from]);
    return rows.map(toAlert);
  }

  /**
   * Every alert fired, resolved or acknowledged at or after `from` (the database's clock), and that clock
   * as the read began: one statement, which answers the clock even when nothing changed.
   */
  async changedSince(from: number): Promise<{ changed: ChangedAlert[]; readAt: number }> {
    const rows = await this.sql.all<AlertRow & { id: string | null; read_at: number; changed_at: number }>(
      `SELECT c.read_at, a.* FROM (SELECT ${dbClock(this.sql.dialect)} AS read_at) c
       LEFT JOIN alerts a ON a.changed_at >= ? ORDER BY a.changed_at`,
      [from],
    );
    return {
      changed: rows.filter((r) => r.id !== null).map((r) => ({ alert: toAlert(r), changedAt: Number(r.changed_at) })),
      readAt: Number(rows[0]?.read_at ?? from),
    };
  }

  /** The database's clock now (epoch ms). */
  async clock(): Promise<number> {
    const row = await this.sql.get<{ now: number }>(`SELECT ${dbClock(this.sql.dialect)} AS now`);
    return Number(row?.now);
  }

  /** Alerts still open in every branch, oldest first (one read for all snapshots). */
  async openEverywhere(): Promise<Alert[]> {
    const rows = await this.sql.all<AlertRow>('SELECT * FROM alerts WHERE resolved_at IS NULL ORDER BY fired_at');
    return rows.map(toAlert);
  }
}
