/**
 * The report's store in SQL (SQLite or PostgreSQL, server/store/sql.ts): one row per visit and one per
 * clock (rule), written with each event of the visit; the day rollups and the day snapshots.
 */
import type { Sql } from '../store/sql.ts';
import { clockOutcome, daysBetween, type ClockSummary, type Report, type VisitSummary } from '../../shared/report.ts';
import type { Change, ReportStore, Snapshot, StoredRollup } from './store.ts';

const VISIT_COLUMNS = [
  'visit_id',
  'day',
  'hour',
  'arrived_at',
  'ended_at',
  'ticket',
  'line',
  'vip',
  'vip_later',
  'needs',
  'owner',
  'transfers_by',
  'imported',
  'rating_score',
  'rating_at',
  'rating_via',
  'served_by',
] as const;
const CLOCK_COLUMNS = [
  'visit_id',
  'rule',
  'day',
  'visit_day',
  'hour',
  'start_at',
  'due_at',
  'stop_at',
  'stopped_by',
  'disputed_at',
  'outcome',
  'name_zh',
  'name_en',
] as const;

type VisitRow = [
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
  ratingScore: number | null,
  ratingAt: number | null,
  ratingVia: string | null,
  servedBy: string | null,
];
/** What a clock row gives the report (its visit id first: rows are grouped by it). */
type ClockRow = [
  visitId: string | null,
  rule: string,
  day: string,
  hour: number,
  start: number,
  due: number,
  stop: number | null,
  stoppedBy: string | null,
  disputedAt: number | null,
  nameZh: string | null,
  nameEn: string | null,
];
const READ_VISIT = VISIT_COLUMNS.map((c) => `v.${c}`).join(', ');
const READ_CLOCK = ['visit_id', 'rule', 'day', 'hour', 'start_at', 'due_at', 'stop_at', 'stopped_by', 'disputed_at']
  .concat(['name_zh', 'name_en'])
  .map((c) => `c.${c}`)
  .join(', ');

const NONE: string[] = [];
const list = (s: string): string[] => (s === '' ? NONE : s.split(';'));
const num = (x: number | null) => (x === null ? null : Number(x));

function visitOf(r: VisitRow): VisitSummary {
  return {
    id: r[0],
    day: r[1],
    hour: r[2],
    arrivedAt: Number(r[3]),
    endedAt: num(r[4]),
    ticket: r[5],
    line: r[6],
    vip: r[7] === 1,
    vipLater: r[8] === 1,
    specialNeeds: list(r[9]),
    owner: r[10],
    transfersBy: list(r[11]),
    imported: r[12] === 1,
    clocks: [],
    rating: r[13] === null ? null : { score: r[13], at: Number(r[14]), via: r[15] === 'counter' ? 'counter' : 'phone' },
    servedBy: r[16],
  };
}

function clockOf(c: ClockRow): ClockSummary {
  return {
    rule: c[1],
    day: c[2],
    hour: c[3],
    start: Number(c[4]),
    due: Number(c[5]),
    stop: num(c[6]),
    stoppedBy: c[7],
    disputedAt: num(c[8]),
    name: c[9] === null || c[10] === null ? null : { zh: c[9], en: c[10] },
  };
}

/** A clock's outcome once nothing but a new event can change it; null while it depends on the time of reading. */
function finalOutcome(c: ClockSummary, endedAt: number | null): string | null {
  if (c.disputedAt == null && c.stop === null && endedAt === null) return null;
  return clockOutcome(c, endedAt, Number.NaN); // `now` is not read for a final outcome
}

const upsert = (table: string, columns: readonly string[], key: string, rows: number) =>
  `INSERT INTO ${table} (branch, ${columns.join(', ')}) VALUES ${Array.from(
    { length: rows },
    () => `(${Array.from({ length: columns.length + 1 }, () => '?').join(', ')})`,
  ).join(', ')}
   ON CONFLICT (${key}) DO UPDATE SET ${['branch', ...columns.filter((c) => !key.includes(c))]
     .map((c) => `${c} = excluded.${c}`)
     .join(', ')}`;

export class SqlReportStore implements ReportStore {
  constructor(private readonly sql: Sql) {}

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.sql.transaction(fn);
  }

  lockDay(branch: string, day: string): Promise<void> {
    return this.sql.lock(`report-day:${branch}:${day}`);
  }

  // Upserts, not INSERT OR REPLACE: the update triggers of migration 0015 see a row's old day (a
  // REPLACE deletes without firing them) and drop its rollup too.
  private static readonly VISIT_UPSERT = upsert('report_visits', VISIT_COLUMNS, 'visit_id', 1);
  private static readonly CLOCK_UPSERTS = new Map<number, string>();

  async save(branch: string, s: VisitSummary, isNew = false): Promise<void> {
    await this.sql.run(SqlReportStore.VISIT_UPSERT, [
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
      s.rating?.score ?? null,
      s.rating?.at ?? null,
      s.rating?.via ?? null,
      s.servedBy ?? null,
    ]);
    // A correction may take a clock away (a voided VIP identification): its row goes, and its day's rollup.
    if (!isNew) {
      const keep = s.clocks.map((c) => c.rule);
      await this.sql.run(
        keep.length === 0
          ? 'DELETE FROM report_clocks WHERE visit_id = ?'
          : `DELETE FROM report_clocks WHERE visit_id = ? AND rule NOT IN (${keep.map(() => '?').join(', ')})`,
        [s.id, ...keep],
      );
    }
    if (s.clocks.length === 0) return;
    const n = s.clocks.length;
    let text = SqlReportStore.CLOCK_UPSERTS.get(n);
    if (!text)
      SqlReportStore.CLOCK_UPSERTS.set(n, (text = upsert('report_clocks', CLOCK_COLUMNS, 'visit_id, rule', n)));
    await this.sql.run(
      text,
      s.clocks.flatMap((c) => [
        branch,
        s.id,
        c.rule,
        c.day,
        s.day,
        c.hour,
        c.start,
        c.due,
        c.stop,
        c.stoppedBy,
        c.disputedAt ?? null,
        finalOutcome(c, s.endedAt),
        c.name?.zh ?? null,
        c.name?.en ?? null,
      ]),
    );
  }

  async daysOf(visitId: string): Promise<{ branch: string; days: string[] } | null> {
    const rows = await this.sql.rows<[string, string]>(
      'SELECT branch, day FROM report_visits WHERE visit_id = ? UNION SELECT branch, day FROM report_clocks WHERE visit_id = ?',
      [visitId, visitId],
    );
    if (rows.length === 0) return null;
    return { branch: rows[0]![0], days: [...new Set(rows.map((r) => r[1]))].sort() };
  }

  async visits(branch: string, from: string, to: string): Promise<VisitSummary[]> {
    const byId = new Map<string, VisitSummary>();
    const add = (r: [...VisitRow, ...ClockRow]) => {
      let v = byId.get(r[0]);
      if (!v) byId.set(r[0], (v = visitOf(r.slice(0, VISIT_COLUMNS.length) as VisitRow)));
      const c = r.slice(VISIT_COLUMNS.length) as ClockRow;
      if (c[0] !== null && !v.clocks.some((x) => x.rule === c[1])) v.clocks.push(clockOf(c));
    };
    // One day's visits with their clocks at once; a long range, day by day (memory stays one day's worth
    // plus the result).
    for (const day of from === to ? [from] : daysBetween(from, to)) {
      for (const r of await this.sql.rows<[...VisitRow, ...ClockRow]>(
        `SELECT ${READ_VISIT}, ${READ_CLOCK} FROM report_visits v LEFT JOIN report_clocks c ON c.visit_id = v.visit_id
         WHERE v.branch = ? AND v.day = ?`,
        [branch, day],
      ))
        add(r);
    }
    // A clock that started on another day than its visit arrived (a VIP identified after midnight)
    // belongs to its own day: fetch those visits too.
    const late = await this.sql.rows<[...VisitRow, ...ClockRow]>(
      `SELECT ${READ_VISIT}, ${READ_CLOCK} FROM report_visits v JOIN report_clocks c ON c.visit_id = v.visit_id
       WHERE v.visit_id IN (SELECT visit_id FROM report_clocks WHERE branch = ? AND day BETWEEN ? AND ? AND day <> visit_day)
         AND v.day NOT BETWEEN ? AND ?`,
      [branch, from, to, from, to],
    );
    for (const r of late) add(r);
    return [...byId.values()];
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
