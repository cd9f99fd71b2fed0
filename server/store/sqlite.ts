/**
 * The embedded store: one SQLite file, one connection, one writer. Its transactions go through a group
 * commit — the transactions asked for in one turn of the event loop run one after another, each in its
 * own savepoint (a failing one undoes only itself), inside ONE transaction, so one fsync makes them all
 * durable. One fsync per check-in was what bounded the check-in rate (BENCHMARKS.md).
 *
 * Another process on the file (`npm run import`, a backup) may hold the write lock. SQLite's busy timeout
 * would wait for it synchronously, freezing the event loop (timers, sockets) for as long: instead the
 * group's BEGIN is tried without waiting and retried on timers for a bounded time, and a group that never
 * gets the lock, or that the disk refuses (SQLITE_FULL), fails its transactions with that error — which
 * the API answers as 503 `store-unavailable` — without anything half-written and without ending the process.
 */
import type Database from 'better-sqlite3';
import { TxScope, type Param, type Sql } from './sql.ts';

type Statement = Database.Statement<unknown[], unknown>;

/** How long a group waits for another process's write lock before its transactions fail (busy → 503). */
const DEFAULT_LOCK_WAIT_MS = 2000;
/** Pauses between tries for the lock: short at first (a short import chunk), then steady. */
const RETRY_STEPS_MS = [1, 2, 4, 8];
const RETRY_EVERY_MS = 10;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isBusy = (e: unknown) =>
  typeof (e as { code?: unknown })?.code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test((e as { code: string }).code);

interface Job {
  fn: () => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Statement>();
  private readonly arrays = new Map<string, Statement>();
  private readonly scope = new TxScope<null>();
  private queue: Job[] = [];
  /** True while a group transaction is open on the connection. */
  private open = false;

  constructor(
    readonly db: Database.Database,
    readonly where: string,
    /** How long a group waits for the write lock (a tool on the file may wait longer than the server). */
    private readonly lockWaitMs = DEFAULT_LOCK_WAIT_MS,
  ) {}

  private statement(text: string): Statement {
    let s = this.statements.get(text);
    if (!s) {
      s = this.db.prepare(text);
      this.statements.set(text, s);
    }
    return s;
  }

  /**
   * A write from outside a transaction (a sign-in, a duty change, an alert) joins the next group: it then
   * takes the write lock the group's way (never a synchronous busy wait), and an open group's savepoint
   * (which a failing command rolls back) cannot swallow it.
   */
  private outside(s: Statement): boolean {
    return !s.readonly && !this.scope.current();
  }

  async all<T>(text: string, params: Param[] = []): Promise<T[]> {
    const s = this.statement(text);
    if (this.outside(s)) return this.transaction(() => this.all<T>(text, params));
    return s.all(...params) as T[];
  }

  async get<T>(text: string, params: Param[] = []): Promise<T | undefined> {
    const s = this.statement(text);
    if (this.outside(s)) return this.transaction(() => this.get<T>(text, params));
    return s.get(...params) as T | undefined;
  }

  async rows<T extends unknown[]>(text: string, params: Param[] = []): Promise<T[]> {
    let s = this.arrays.get(text);
    if (!s) {
      s = this.db.prepare(text).raw(true);
      this.arrays.set(text, s);
    }
    return s.all(...params) as T[];
  }

  async run(text: string, params: Param[] = []): Promise<number> {
    const s = this.statement(text);
    if (this.outside(s)) return this.transaction(() => this.run(text, params));
    return s.reader ? s.all(...params).length : s.run(...params).changes;
  }

  async lock(): Promise<void> {
    // One connection, and a group runs its transactions one after another: writers are serial already.
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    const ctx = this.scope.current();
    if (ctx) return this.savepoint(`s${++ctx.savepoints}`, fn);
    return new Promise<T>((resolve, reject) => {
      if (this.queue.length === 0 && !this.open) this.schedule();
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
    });
  }

  private async savepoint<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (e) {
      // After SQLITE_FULL, an I/O error or a busy commit SQLite may have rolled the whole transaction
      // back by itself: then there is no savepoint left to return to, and the group has failed (below).
      if (this.db.inTransaction) {
        this.db.exec(`ROLLBACK TO ${name}`);
        this.db.exec(`RELEASE ${name}`);
      }
      throw e;
    }
  }

  private schedule(): void {
    setImmediate(() => {
      // Never an unhandled rejection: a failing group answers its own transactions (commitGroup).
      this.commitGroup().catch(() => undefined);
    });
  }

  /** BEGIN IMMEDIATE without SQLite's synchronous busy wait; retried on timers while another process writes. */
  private async begin(): Promise<void> {
    const waitUntil = Date.now() + this.lockWaitMs;
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    for (let attempt = 0; ; attempt++) {
      this.db.pragma('busy_timeout = 0');
      try {
        // IMMEDIATE: take the write lock now, so another process on the file (an import from the command
        // line) cannot change what a transaction reads before it writes.
        this.db.exec('BEGIN IMMEDIATE');
        return;
      } catch (e) {
        if (!isBusy(e) || Date.now() >= waitUntil) throw e;
      } finally {
        this.db.pragma(`busy_timeout = ${timeout}`);
      }
      await sleep(RETRY_STEPS_MS[attempt] ?? RETRY_EVERY_MS);
    }
  }

  private async commitGroup(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.open = true;
    try {
      await this.runGroup(batch);
    } catch (error) {
      // Nothing of the group is on disk (no lock, the disk full, the commit refused): every one fails.
      if (this.db.inTransaction) {
        try {
          this.db.exec('ROLLBACK');
        } catch {
          // SQLite rolled back already.
        }
      }
      for (const job of batch) job.reject(error);
    } finally {
      this.open = false;
      this.next();
    }
  }

  private async runGroup(batch: Job[]): Promise<void> {
    await this.begin();
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    for (const job of batch) {
      const { ctx, result } = this.scope.run(null, () => this.savepoint('command', job.fn));
      try {
        results.push({ ok: true, value: await result });
      } catch (error) {
        // The transaction is gone (SQLite rolled it back): what ran before in this group is undone too.
        if (!this.db.inTransaction) throw error;
        results.push({ ok: false, error });
      } finally {
        ctx.ended = true;
      }
    }
    this.db.exec('COMMIT');
    batch.forEach((job, i) => {
      const r = results[i]!;
      if (r.ok) job.resolve(r.value);
      else job.reject(r.error);
    });
  }

  /** Transactions asked for while a group was open form the next group. */
  private next(): void {
    if (this.queue.length > 0) this.schedule();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
