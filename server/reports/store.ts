/**
 * What the report reads and writes, as one interface: the service and the day tallies are given a
 * ReportStore and never see SQL (server/reports/sql-store.ts keeps it in the SQLite file or PostgreSQL).
 */
import type { Report, VisitSummary } from '../../shared/report.ts';

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

export interface ReportStore {
  /** Runs `fn` in one write transaction (a call inside one joins it). */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Holds a branch's report day until the transaction ends: a write to the day's visits and the tally
   * that builds the day's rollup take it, so no rollup of older rows survives a write.
   */
  lockDay(branch: string, day: string): Promise<void>;
  /** Stores a visit's summary and its clocks (`isNew`: the visit has none stored yet). */
  save(branch: string, s: VisitSummary, isNew?: boolean): Promise<void>;
  /** The days a visit's stored summary touches (its arrival day and its clocks' days), or null. */
  daysOf(visitId: string): Promise<{ branch: string; days: string[] } | null>;
  /** Every visit that arrived, or has a clock that started, in the branch-local days from..to. */
  visits(branch: string, from: string, to: string): Promise<VisitSummary[]>;
  /** The stored rollups of a branch's days from..to in the given format: day → row. */
  rollups(branch: string, from: string, to: string, format: number): Promise<Map<string, StoredRollup>>;
  saveRollup(branch: string, day: string, format: number, builtAt: number, r: StoredRollup): Promise<void>;
  /** Visits that have no summary yet (a database from before the report tables): to be rebuilt from the log. */
  missing(): Promise<string[]>;
  /** Who acknowledged the breach alerts of a branch whose clocks fell due in [fromMs, toMs), by visit:rule. */
  acknowledgements(branch: string, fromMs: number, toMs: number): Promise<Map<string, string>>;
  snapshots(branch: string, day: string): Promise<Snapshot[]>;
  /** When the database was made: days closed before it are no part of its record. */
  createdAt(): Promise<number>;
  latestRevision(branch: string, day: string): Promise<number>;
  /** Stores a revision; false when another process stored that revision first (then it keeps theirs). */
  addSnapshot(
    branch: string,
    day: string,
    revision: number,
    at: number,
    reason: string,
    changes: Change[],
    report: Report,
  ): Promise<boolean>;
}
