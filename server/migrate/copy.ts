/**
 * Copies a SQLite file's whole history into the cluster's PostgreSQL, then checks every copied row against
 * the source. Safe to run again (keyed rows are upserts, the logs resume after their marker) and to kill
 * at any moment (each log batch commits with its marker). See docs/deploy.md for the table-by-table list.
 */
import type { TablePlan } from './plan.ts';
import { refuse } from './refusal.ts';
import { Source, type Row, type SourceTable } from './source.ts';
import { Target, type Marker } from './target.ts';

type LogPlan = Extract<TablePlan, { how: 'log' }>;

export interface MigrateOptions {
  from: string;
  to: string;
  /** How long a lease lasts (YINGBIN_LEASE_SECONDS): a process seen within it counts as running. */
  leaseMs: number;
  /** Rows per batch (one transaction each for a log). */
  batch: number;
  /** A progress line (the command writes it to stderr). */
  progress: (line: string) => void;
  now?: () => number;
}

export interface MigrateResult {
  /** Rows written per table in this run (a second run writes the keyed rows again, the logs nothing). */
  written: Record<string, number>;
  verified: number;
}

export async function migrateStore(o: MigrateOptions): Promise<MigrateResult> {
  const now = o.now ?? Date.now;
  const source = Source.open(o.from);
  try {
    const tables = source.tables().filter((t) => t.plan.how !== 'skip');
    const target = await Target.open(o.to);
    try {
      await target.refuseIfServing(o.leaseMs);
      const fp = source.fingerprint();
      const markers = new Map<string, Marker>();
      for (const t of tables)
        if (t.plan.how === 'log') markers.set(t.plan.table, await startingPoint(source, target, t.plan, fp));

      const todo = tables.map((t) =>
        t.plan.how === 'log'
          ? source.count(t.plan.table, t.plan.seq, markers.get(t.plan.table)!.copiedThrough)
          : t.rows,
      );
      const meter = new Meter(
        todo.reduce((a, b) => a + b, 0),
        o.progress,
        now,
      );
      const written: Record<string, number> = {};
      for (const t of tables) {
        const table = t.plan.table;
        written[table] = 0;
        const m = markers.get(table);
        for (const rows of source.batches(t, o.batch, m?.copiedThrough ?? 0)) {
          if (m && t.plan.how === 'log') await target.appendLog(table, t.plan.seq, t.columns, rows, fp, m);
          else await target.upsert(table, t.columns, t.key, rows);
          written[table] += rows.length;
          meter.add(table, rows.length);
        }
      }
      meter.done('copied');

      const check = new Meter(
        tables.reduce((a, t) => a + t.rows, 0),
        o.progress,
        now,
      );
      let verified = 0;
      for (const t of tables) {
        const offset = markers.get(t.plan.table)?.offset ?? 0;
        for (const rows of source.batches(t, Math.min(o.batch, 500))) {
          verified += await verifyBatch(target, t, rows, offset);
          check.add(`verifying ${t.plan.table}`, rows.length);
        }
      }
      await noOtherEvents(source, target);
      check.done('verified');
      return { written, verified };
    } finally {
      await target.close();
    }
  } finally {
    source.close();
  }
}

/**
 * Where a log's copy starts, refusing a target that holds another history of the file's branches: on a
 * first run none of their events or closed days may be there; on a later one exactly what was copied.
 */
async function startingPoint(source: Source, target: Target, plan: LogPlan, fp: string): Promise<Marker> {
  const { table, seq } = plan;
  const maxSeq = () => target.count(`SELECT coalesce(max("${seq}"), 0) AS n FROM "${table}"`);
  const marker = await target.marker(fp, table);
  const branches = source.branches();
  const ofBranches = (t: string) => target.count(`SELECT count(*) AS n FROM "${t}" WHERE branch = ANY($1)`, [branches]);
  if (!marker) {
    if (table === 'events') {
      const events = await ofBranches('events');
      if (events > 0) throw refuse.otherHistory(target.where, branches, [`${events} 条事件`, `${events} events`]);
      const closed = await ofBranches('report_snapshots');
      if (closed > 0)
        throw refuse.otherHistory(target.where, branches, [`${closed} 份已关账日报`, `${closed} closed-day reports`]);
    }
    return { copiedThrough: 0, offset: await maxSeq() };
  }
  if (source.lastSeq(table, seq) < marker.copiedThrough)
    throw refuse.otherHistory(target.where, branches, [
      `${table} 已复制到 ${marker.copiedThrough}，超出此文件`,
      `${table} copied through ${marker.copiedThrough}, beyond this file`,
    ]);
  if (table === 'events') {
    const expected = source.count('events', 'seq') - source.count('events', 'seq', marker.copiedThrough);
    const there = await ofBranches('events');
    if (there !== expected)
      throw refuse.otherHistory(target.where, branches, [
        `${there} 条事件，已复制 ${expected} 条`,
        `${there} events, ${expected} copied`,
      ]);
  }
  // Rows written after the copy began would be overtaken by the copy's numbers.
  if ((await maxSeq()) > marker.copiedThrough + marker.offset)
    throw refuse.otherHistory(target.where, branches, [
      `复制开始后 ${table} 又有新写入`,
      `${table} written to since the copy began`,
    ]);
  return marker;
}

/** A value as both drivers give it back: numbers as numbers (BIGINT is read as a number), bytes as hex. */
function norm(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return `x${v.toString('hex')}`;
  if (typeof v === 'number' || typeof v === 'bigint') return `n${Number(v)}`;
  return typeof v === 'string' ? `s${v}` : JSON.stringify(v);
}

/** Each source row must be in the target with the same values (a log's under its shifted seq). */
async function verifyBatch(target: Target, t: SourceTable, rows: Row[], offset: number): Promise<number> {
  const seq = t.plan.how === 'log' ? t.plan.seq : undefined;
  const key = seq ? [seq] : t.key;
  const wanted: Row[] = seq ? rows.map((r) => ({ ...r, [seq]: Number(r[seq]) + offset })) : rows;
  const keyOf = (r: Row) => JSON.stringify(key.map((k) => norm(r[k])));
  const found = new Map((await target.rowsLike(t.plan.table, key, wanted)).map((r) => [keyOf(r), r]));
  for (const w of wanted) {
    const there = found.get(keyOf(w));
    if (!there || t.columns.some((c) => norm(w[c]) !== norm(there[c]))) throw refuse.mismatch(t.plan.table, keyOf(w));
  }
  return wanted.length;
}

/** The file's branches have no event in the target that the file lacks. */
async function noOtherEvents(source: Source, target: Target): Promise<void> {
  const branches = source.branches();
  const there = await target.count('SELECT count(*) AS n FROM events WHERE branch = ANY($1)', [branches]);
  if (there !== source.count('events', 'seq'))
    throw refuse.otherHistory(target.where, branches, [`${there} 条事件`, `${there} events`]);
}

/** Progress on one line per moment: the table, rows done of all, the share, the rate. */
class Meter {
  private doneRows = 0;
  private lastPrint = 0;
  private readonly started: number;

  constructor(
    private readonly total: number,
    private readonly print: (line: string) => void,
    private readonly now: () => number,
  ) {
    this.started = now();
  }

  add(what: string, rows: number): void {
    this.doneRows += rows;
    const t = this.now();
    if (t - this.lastPrint < 200 && this.doneRows < this.total) return;
    this.lastPrint = t;
    this.print(`${what}: ${this.line()}`);
  }

  done(what: string): void {
    this.print(`${what}: ${this.line()}`);
  }

  private line(): string {
    const pct = this.total === 0 ? 100 : Math.floor((this.doneRows / this.total) * 100);
    const secs = Math.max(0.001, (this.now() - this.started) / 1000);
    return `${this.doneRows}/${this.total} rows (${pct}%), ${Math.round(this.doneRows / secs)} rows/s`;
  }
}
