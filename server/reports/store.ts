/** The report's side of the store: one compact row per visit (written with each event) and the day snapshots. */
import type { Sql } from '../store/sql.ts';
import { daysBetween, type ClockSummary, type Report, type VisitSummary } from '../../shared/report.ts';

type Row = [
  visitId: string,
  day: string,
  hour: number,
  arrivedAt: number,
  endedAt: number | null,
  ticket: string,
  line: string,
  vip: number,
  vipLater: number,
  needs: string,
  owner: string | null,
  transfersBy: string,
  imported: number,
  rStart: number | null,
  rDue: number | null,
  rStop: number | null,
  rBy: string | null,
  vDay: string | null,
  vHour: number | null,
  vStart: number | null,
  vDue: number | null,
  vStop: number | null,
  vBy: string | null,
  rDisputed: number | null,
  vDisputed: number | null,
];

const COLUMNS = `visit_id, day, hour, arrived_at, ended_at, ticket, line, vip, vip_later, needs, owner, transfers_by, imported,
  r_start, r_due, r_stop, r_by, v_day, v_hour, v_start, v_due, v_stop, v_by, r_disputed, v_disputed`;

const UPDATE = [
  'branch',
  ...COLUMNS.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== 'visit_id'),
]
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

const NONE: string[] = [];
const list = (s: string): string[] => (s === '' ? NONE : s.split(';'));

function toSummary(r: Row): VisitSummary {
  const clocks: ClockSummary[] = [];
  const num = (x: number | null) => (x === null ? null : Number(x));
  if (r[13] !== null)
    clocks.push({
      rule: 'reception',
      day: r[1],
      hour: r[2],
      start: r[13],
      due: r[14]!,
      stop: r[15],
      stoppedBy: r[16],
      disputedAt: num(r[23]),
    });
  if (r[19] !== null)
    clocks.push({
      rule: 'vip-reception',
      day: r[17]!,
      hour: r[18]!,
      start: r[19],
      due: r[20]!,
      stop: r[21],
      stoppedBy: r[22],
      disputedAt: num(r[24]),
    });
  return {
    id: r[0],
    day: r[1],
    hour: r[2],
    arrivedAt: r[3],
    endedAt: r[4],
    ticket: r[5],
    line: r[6],
    vip: r[7] === 1,
    vipLater: r[8] === 1,
    specialNeeds: list(r[9]),
    owner: r[10],
    transfersBy: list(r[11]),
    imported: r[12] === 1,
    clocks,
  };
}

/** A day's rollup as stored (server/reports/rollup.ts reads and writes its layout). */
export interface StoredRollup {
  openDueMax: number | null;
  figures: string;
  durations: Buffer;
}

export interface Snapshot {
  revision: number;
  createdAt: string;
  reason: string;
  changes: Change[];
  report: Report;
}

/** One figure that differs between two revisions of a day's report. */
export interface Change {
  what: string;
  before: string | number | null;
  after: string | number | null;
}

export class ReportStore {
  constructor(readonly sql: Sql) {}

  // An upsert, not INSERT OR REPLACE: the update trigger of migration 0006 sees the row's old days
  // (a REPLACE deletes without firing it) and drops their rollups too.
  private static readonly UPSERT = `INSERT INTO report_visits (branch, ${COLUMNS})
     VALUES (${Array.from({ length: 26 }, () => '?').join(', ')})
     ON CONFLICT (visit_id) DO UPDATE SET ${UPDATE}`;

  async save(branch: string, s: VisitSummary): Promise<void> {
    const r = s.clocks.find((c) => c.rule === 'reception');
    const v = s.clocks.find((c) => c.rule === 'vip-reception');
    await this.sql.run(ReportStore.UPSERT, [
      branch,
      s.id,
      s.day,
      s.hour,
      s.arrivedAt,
      s.endedAt,
      s.ticket,
      s.line,
      s.vip ? 1 : 0,
      s.vipLater ? 1 : 0,
      s.specialNeeds.join(';'),
      s.owner,
      s.transfersBy.join(';'),
      s.imported ? 1 : 0,
      r?.start ?? null,
      r?.due ?? null,
      r?.stop ?? null,
      r?.stoppedBy ?? null,
      v?.day ?? null,
      v?.hour ?? null,
      v?.start ?? null,
      v?.due ?? null,
      v?.stop ?? null,
      v?.stoppedBy ?? null,
      r?.disputedAt ?? null,
      v?.disputedAt ?? null,
    ]);
  }

  /** The days a visit's summary touches now (arrival day and VIP clock day), or none. */
  async daysOf(visitId: string): Promise<{ branch: string; days: string[] } | null> {
    const row = await this.sql.get<{ branch: string; day: string; v_day: string | null }>(
      'SELECT branch, day, v_day FROM report_visits WHERE visit_id = ?',
      [visitId],
    );
    if (!row) return null;
    return { branch: row.branch, days: row.v_day && row.v_day !== row.day ? [row.day, row.v_day] : [row.day] };
  }

  /** Every visit whose arrival or VIP clock falls in the branch-local days from..to. */
  async visits(branch: string, from: string, to: string): Promise<VisitSummary[]> {
    const out: VisitSummary[] = [];
    // One day's rows at once; a long range, day by day (memory stays one day's worth plus the result).
    for (const day of from === to ? [from] : daysBetween(from, to)) {
      for (const r of await this.sql.rows<Row>(`SELECT ${COLUMNS} FROM report_visits WHERE branch = ? AND day = ?`, [
        branch,
        day,
      ]))
        out.push(toSummary(r));
    }
    // A VIP identified after midnight belongs to the later day for its VIP clock: fetch those too.
    const late = await this.sql.rows<Row>(
      `SELECT ${COLUMNS} FROM report_visits WHERE branch = ? AND v_day BETWEEN ? AND ? AND day NOT BETWEEN ? AND ?`,
      [branch, from, to, from, to],
    );
    for (const r of late) out.push(toSummary(r));
    return out;
  }

  /** The stored rollups of a branch's days from..to in the given format: day → row. */
  async rollups(branch: string, from: string, to: string, format: number): Promise<Map<string, StoredRollup>> {
    const rows = await this.sql.rows<[string, number | null, string, Buffer]>(
      'SELECT day, open_due_max, figures, durations FROM report_rollups WHERE branch = ? AND day BETWEEN ? AND ? AND format = ?',
      [branch, from, to, format],
    );
    return new Map(rows.map(([day, openDueMax, figures, durations]) => [day, { openDueMax, figures, durations }]));
  }

  async saveRollup(branch: string, day: string, format: number, builtAt: number, r: StoredRollup): Promise<void> {
    await this.sql.run(
      `INSERT INTO report_rollups (branch, day, format, built_at, open_due_max, figures, durations) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (branch, day) DO UPDATE SET format = excluded.format, built_at = excluded.built_at,
         open_due_max = excluded.open_due_max, figures = excluded.figures, durations = excluded.durations`,
      [branch, day, format, builtAt, r.openDueMax, r.figures, r.durations],
    );
  }

  /** Visits that have no summary yet (a database from before this table): to be rebuilt from the log. */
  async missing(): Promise<string[]> {
    // Every visit has its summary row once it exists, so equal counts (cheap) mean nothing is missing.
    const gap = await this.sql.get<{ gap: number }>(
      'SELECT (SELECT count(*) FROM visits) - (SELECT count(*) FROM report_visits) AS gap',
    );
    if (Number(gap?.gap ?? 0) === 0) return [];
    const rows = await this.sql.all<{ id: string }>(
      'SELECT v.id FROM visits v LEFT JOIN report_visits r ON r.visit_id = v.id WHERE r.visit_id IS NULL',
    );
    return rows.map((r) => r.id);
  }

  /** Who acknowledged the breach alerts of a branch whose clocks fell due in [fromMs, toMs), by visit:rule. */
  async acknowledgements(branch: string, fromMs: number, toMs: number): Promise<Map<string, string>> {
    const rows = await this.sql.rows<[string, string, string]>(
      `SELECT visit_id, rule, acknowledged_by FROM alerts
       WHERE branch = ? AND kind = 'breach' AND acknowledged_by IS NOT NULL AND due_at >= ? AND due_at < ?`,
      [branch, fromMs, toMs],
    );
    return new Map(rows.map(([v, rule, by]) => [`${v}:${rule}`, by]));
  }

  async snapshots(branch: string, day: string): Promise<Snapshot[]> {
    const rows = await this.sql.all<{
      revision: number;
      created_at: number;
      reason: string;
      changes: string;
      report: string;
    }>(
      'SELECT revision, created_at, reason, changes, report FROM report_snapshots WHERE branch = ? AND day = ? ORDER BY revision',
      [branch, day],
    );
    return rows.map((r) => ({
      revision: r.revision,
      createdAt: new Date(r.created_at).toISOString(),
      reason: r.reason,
      changes: JSON.parse(r.changes) as Change[],
      report: JSON.parse(r.report) as Report,
    }));
  }

  /** When the database was made (its first migration): days closed before it are no part of its record. */
  async createdAt(): Promise<number> {
    const row = await this.sql.get<{ at: number | null }>('SELECT min(applied_at) AS at FROM migrations');
    return Number(row?.at ?? 0);
  }

  async latestRevision(branch: string, day: string): Promise<number> {
    const row = await this.sql.get<{ n: number | null }>(
      'SELECT max(revision) AS n FROM report_snapshots WHERE branch = ? AND day = ?',
      [branch, day],
    );
    return row?.n ?? 0;
  }

  /** Stores a revision; false when another process stored that revision first (then it keeps theirs). */
  async addSnapshot(
    branch: string,
    day: string,
    revision: number,
    at: number,
    reason: string,
    changes: Change[],
    report: Report,
  ): Promise<boolean> {
    const changed = await this.sql.run(
      `INSERT INTO report_snapshots (branch, day, revision, created_at, reason, changes, report) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (branch, day, revision) DO NOTHING`,
      [branch, day, revision, at, reason, JSON.stringify(changes), JSON.stringify(report)],
    );
    return changed === 1;
  }
}
