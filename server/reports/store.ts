/** The report's SQLite side: one compact row per visit (written with each event) and the day snapshots. */
import type { DB } from '../store/db.ts';
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
];

const COLUMNS = `visit_id, day, hour, arrived_at, ended_at, ticket, line, vip, vip_later, needs, owner, transfers_by, imported,
  r_start, r_due, r_stop, r_by, v_day, v_hour, v_start, v_due, v_stop, v_by`;

const UPDATE = ['branch', ...COLUMNS.split(',').map((c) => c.trim()).filter((c) => c !== 'visit_id')].map((c) => `${c} = excluded.${c}`).join(', ');

const NONE: string[] = [];
const list = (s: string): string[] => (s === '' ? NONE : s.split(';'));

function toSummary(r: Row): VisitSummary {
  const clocks: ClockSummary[] = [];
  if (r[13] !== null) clocks.push({ rule: 'reception', day: r[1], hour: r[2], start: r[13], due: r[14]!, stop: r[15], stoppedBy: r[16] });
  if (r[19] !== null) clocks.push({ rule: 'vip-reception', day: r[17]!, hour: r[18]!, start: r[19], due: r[20]!, stop: r[21], stoppedBy: r[22] });
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
  private readonly upsert;
  private readonly byDay;
  private readonly byVipDay;
  private readonly byRollupDay;
  private readonly putRollup;

  constructor(readonly db: DB) {
    // An upsert, not INSERT OR REPLACE: the update trigger of migration 0006 sees the row's old days
    // (a REPLACE deletes without firing it) and drops their rollups too.
    this.upsert = db.prepare(
      `INSERT INTO report_visits (branch, ${COLUMNS})
       VALUES (@branch, @id, @day, @hour, @arrivedAt, @endedAt, @ticket, @line, @vip, @vipLater, @needs, @owner, @transfersBy, @imported,
               @rStart, @rDue, @rStop, @rBy, @vDay, @vHour, @vStart, @vDue, @vStop, @vBy)
       ON CONFLICT (visit_id) DO UPDATE SET ${UPDATE}`,
    );
    this.byDay = db.prepare(`SELECT ${COLUMNS} FROM report_visits WHERE branch = ? AND day BETWEEN ? AND ?`).raw();
    // A VIP identified after midnight belongs to the later day for its VIP clock: fetch those too.
    this.byVipDay = db
      .prepare(`SELECT ${COLUMNS} FROM report_visits WHERE branch = ? AND v_day BETWEEN ? AND ? AND day NOT BETWEEN ? AND ?`)
      .raw();
    this.byRollupDay = db
      .prepare('SELECT day, open_due_max, figures, durations FROM report_rollups WHERE branch = ? AND day BETWEEN ? AND ? AND format = ?')
      .raw();
    this.putRollup = db.prepare(
      `INSERT OR REPLACE INTO report_rollups (branch, day, format, built_at, open_due_max, figures, durations) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  save(branch: string, s: VisitSummary): void {
    const r = s.clocks.find((c) => c.rule === 'reception');
    const v = s.clocks.find((c) => c.rule === 'vip-reception');
    this.upsert.run({
      branch,
      id: s.id,
      day: s.day,
      hour: s.hour,
      arrivedAt: s.arrivedAt,
      endedAt: s.endedAt,
      ticket: s.ticket,
      line: s.line,
      vip: s.vip ? 1 : 0,
      vipLater: s.vipLater ? 1 : 0,
      needs: s.specialNeeds.join(';'),
      owner: s.owner,
      transfersBy: s.transfersBy.join(';'),
      imported: s.imported ? 1 : 0,
      rStart: r?.start ?? null,
      rDue: r?.due ?? null,
      rStop: r?.stop ?? null,
      rBy: r?.stoppedBy ?? null,
      vDay: v?.day ?? null,
      vHour: v?.hour ?? null,
      vStart: v?.start ?? null,
      vDue: v?.due ?? null,
      vStop: v?.stop ?? null,
      vBy: v?.stoppedBy ?? null,
    });
  }

  /** The days a visit's summary touches now (arrival day and VIP clock day), or none. */
  daysOf(visitId: string): { branch: string; days: string[] } | null {
    const row = this.db.prepare('SELECT branch, day, v_day FROM report_visits WHERE visit_id = ?').get(visitId) as
      | { branch: string; day: string; v_day: string | null }
      | undefined;
    if (!row) return null;
    return { branch: row.branch, days: row.v_day && row.v_day !== row.day ? [row.day, row.v_day] : [row.day] };
  }

  /** Every visit whose arrival or VIP clock falls in the branch-local days from..to, streamed. */
  *visits(branch: string, from: string, to: string): Generator<VisitSummary> {
    // One day's rows at once (all() is cheaper per row than iterate()); a long range, day by day.
    for (const day of from === to ? [from] : daysBetween(from, to)) {
      for (const r of this.byDay.all(branch, day, day)) yield toSummary(r as Row);
    }
    for (const r of this.byVipDay.iterate(branch, from, to, from, to)) yield toSummary(r as Row);
  }

  /** The stored rollups of a branch's days from..to in the given format: day → row. */
  rollups(branch: string, from: string, to: string, format: number): Map<string, StoredRollup> {
    const rows = this.byRollupDay.all(branch, from, to, format) as [string, number | null, string, Buffer][];
    return new Map(rows.map(([day, openDueMax, figures, durations]) => [day, { openDueMax, figures, durations }]));
  }

  saveRollup(branch: string, day: string, format: number, builtAt: number, r: StoredRollup): void {
    this.putRollup.run(branch, day, format, builtAt, r.openDueMax, r.figures, r.durations);
  }

  /** Visits that have no summary yet (a database from before this table): to be rebuilt from the log. */
  missing(): string[] {
    // Every visit has its summary row once it exists, so equal counts (cheap) mean nothing is missing.
    const gap = this.db.prepare('SELECT (SELECT count(*) FROM visits) - (SELECT count(*) FROM report_visits)').pluck().get() as number;
    if (gap === 0) return [];
    return this.db
      .prepare('SELECT v.id FROM visits v LEFT JOIN report_visits r ON r.visit_id = v.id WHERE r.visit_id IS NULL')
      .pluck()
      .all() as string[];
  }

  /** Who acknowledged the breach alerts of a branch whose clocks fell due in [fromMs, toMs), by visit:rule. */
  acknowledgements(branch: string, fromMs: number, toMs: number): Map<string, string> {
    const rows = this.db
      .prepare(
        `SELECT visit_id, rule, acknowledged_by FROM alerts
         WHERE branch = ? AND kind = 'breach' AND acknowledged_by IS NOT NULL AND due_at >= ? AND due_at < ?`,
      )
      .raw()
      .all(branch, fromMs, toMs) as [string, string, string][];
    return new Map(rows.map(([v, rule, by]) => [`${v}:${rule}`, by]));
  }

  snapshots(branch: string, day: string): Snapshot[] {
    const rows = this.db
      .prepare('SELECT revision, created_at, reason, changes, report FROM report_snapshots WHERE branch = ? AND day = ? ORDER BY revision')
      .all(branch, day) as { revision: number; created_at: number; reason: string; changes: string; report: string }[];
    return rows.map((r) => ({
      revision: r.revision,
      createdAt: new Date(r.created_at).toISOString(),
      reason: r.reason,
      changes: JSON.parse(r.changes) as Change[],
      report: JSON.parse(r.report) as Report,
    }));
  }

  latestRevision(branch: string, day: string): number {
    const row = this.db.prepare('SELECT max(revision) AS n FROM report_snapshots WHERE branch = ? AND day = ?').get(branch, day) as { n: number | null };
    return row.n ?? 0;
  }

  addSnapshot(branch: string, day: string, revision: number, at: number, reason: string, changes: Change[], report: Report): void {
    this.db
      .prepare('INSERT INTO report_snapshots (branch, day, revision, created_at, reason, changes, report) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(branch, day, revision, at, reason, JSON.stringify(changes), JSON.stringify(report));
  }
}
