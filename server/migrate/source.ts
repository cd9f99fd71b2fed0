/**
 * The SQLite file being moved, read only and in one read transaction: every table is read from the same
 * snapshot (WAL), so a copy is consistent even if a hall server still wrote to the file meanwhile.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { fromRoot } from '../paths.ts';
import { planOf, TABLES, type TablePlan } from './plan.ts';
import { refuse } from './refusal.ts';

export type Row = Record<string, unknown>;

export interface SourceTable {
  plan: TablePlan;
  columns: string[];
  /** The primary key's columns, in key order. */
  key: string[];
  rows: number;
}

export class Source {
  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
  ) {}

  /** Opens the file and refuses one whose schema is not exactly this version's. */
  static open(file: string): Source {
    if (!existsSync(file)) throw refuse.notYingbin(file);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    const source = new Source(db, file);
    try {
      source.checkSchema();
      db.exec('BEGIN'); // one snapshot for the whole run
      return source;
    } catch (e) {
      db.close();
      throw e;
    }
  }

  private checkSchema(): void {
    const has = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").get();
    if (!has) throw refuse.notYingbin(this.file);
    const applied = (this.db.prepare('SELECT name FROM migrations').all() as { name: string }[]).map((r) => r.name);
    const code = readdirSync(fromRoot('server', 'store', 'migrations')).filter((f) => /^\d{4}_.*\.sql$/.test(f));
    const unknown = applied.filter((m) => !code.includes(m)).sort();
    if (unknown.length > 0) throw refuse.sourceNewer(this.file, unknown);
    const missing = code.filter((m) => !applied.includes(m)).sort();
    if (missing.length > 0) throw refuse.sourceOlder(this.file, missing);
  }

  /** Every table of the file with its plan; refuses a table the plan does not name. */
  tables(): SourceTable[] {
    const names = (
      this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    const tables = names.map((name) => {
      const plan = planOf(name);
      if (!plan) throw refuse.unknownTable(name);
      const info = this.db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; pk: number }[];
      const key = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      const { n } = this.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number };
      return { plan, columns: info.map((c) => c.name), key, rows: n };
    });
    // In the plan's order: the log first, so a copy cut short has the truth before its projections.
    return tables.sort((a, b) => TABLES.indexOf(a.plan) - TABLES.indexOf(b.plan));
  }

  /**
   * Which history this file holds, by its first event: the same file, or a copy or later state of it,
   * gives the same; another hall's file does not. A file with no events has nothing to tell apart.
   */
  fingerprint(): string {
    const first = this.db.prepare('SELECT seq, visit_id, branch, recorded_at FROM events ORDER BY seq LIMIT 1').get();
    if (!first) return 'no-events';
    return createHash('sha256').update(JSON.stringify(first)).digest('hex').slice(0, 32);
  }

  /** The branches the file's log has events of. */
  branches(): string[] {
    return (this.db.prepare('SELECT DISTINCT branch FROM events ORDER BY branch').all() as { branch: string }[]).map(
      (r) => r.branch,
    );
  }

  /** A log's rows after a number. */
  count(table: string, seq: string, after = 0): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM "${table}" WHERE "${seq}" > ?`).get(after) as { n: number }).n;
  }

  lastSeq(table: string, seq: string): number {
    return (this.db.prepare(`SELECT coalesce(max("${seq}"), 0) AS n FROM "${table}"`).get() as { n: number }).n;
  }

  /** A table's rows in batches: a log's after a seq in seq order, a keyed table's in key order. */
  *batches(t: SourceTable, size: number, afterSeq = 0): Generator<Row[]> {
    const order = (t.plan.how === 'log' ? [t.plan.seq] : t.key).map((k) => `"${k}"`).join(', ');
    const where = t.plan.how === 'log' ? `WHERE "${t.plan.seq}" > ?` : '';
    const stmt = this.db.prepare(`SELECT * FROM "${t.plan.table}" ${where} ORDER BY ${order}`);
    let batch: Row[] = [];
    for (const row of (t.plan.how === 'log' ? stmt.iterate(afterSeq) : stmt.iterate()) as Iterable<Row>) {
      batch.push(row);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  close(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.db.close();
  }
}
