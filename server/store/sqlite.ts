/**
 * The embedded store: one SQLite file, one connection, one writer. Its transactions go through a group
 * commit — the transactions asked for in one turn of the event loop run one after another, each in its
 * own savepoint (a failing one undoes only itself), inside ONE transaction, so one fsync makes them all
 * durable. One fsync per check-in was what bounded the check-in rate (BENCHMARKS.md).
 */
import type Database from 'better-sqlite3';
import { TxScope, type Param, type Sql } from './sql.ts';

type Statement = Database.Statement<unknown[], unknown>;

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
  ) {}

  private statement(text: string): Statement {
    let s = this.statements.get(text);
    if (!s) {
      s = this.db.prepare(text);
      this.statements.set(text, s);
    }
    return s;
  }

  async all<T>(text: string, params: Param[] = []): Promise<T[]> {
    return this.statement(text).all(...params) as T[];
  }

  async get<T>(text: string, params: Param[] = []): Promise<T | undefined> {
    return this.statement(text).get(...params) as T | undefined;
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
    // A write from outside while a group is open would land in the group's transaction (and in a
    // savepoint a failing command rolls back): it waits for the next group instead.
    if (this.open && !this.scope.current()) return this.transaction(() => this.run(text, params));
    const s = this.statement(text);
    return s.reader ? s.all(...params).length : s.run(...params).changes;
  }

  async lock(): Promise<void> {
    // One connection, and a group runs its transactions one after another: writers are serial already.
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    const ctx = this.scope.current();
    if (ctx) return this.savepoint(`s${++ctx.savepoints}`, fn);
    return new Promise<T>((resolve, reject) => {
      if (this.queue.length === 0 && !this.open) setImmediate(() => void this.commitGroup());
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
      this.db.exec(`ROLLBACK TO ${name}`);
      this.db.exec(`RELEASE ${name}`);
      throw e;
    }
  }

  private async commitGroup(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    this.open = true;
    // IMMEDIATE: take the write lock now, so another process on the file (an import from the command
    // line) cannot change what a transaction reads before it writes.
    this.db.exec('BEGIN IMMEDIATE');
    for (const job of batch) {
      const { ctx, result } = this.scope.run(null, () => this.savepoint('command', job.fn));
      try {
        results.push({ ok: true, value: await result });
      } catch (error) {
        results.push({ ok: false, error });
      } finally {
        ctx.ended = true;
      }
    }
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      // The commit itself failed: nothing of the group is on disk, so every transaction fails.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.open = false;
      for (const job of batch) job.reject(error);
      this.next();
      return;
    }
    this.open = false;
    batch.forEach((job, i) => {
      const r = results[i]!;
      if (r.ok) job.resolve(r.value);
      else job.reject(r.error);
    });
    this.next();
  }

  /** Transactions asked for while a group was open form the next group. */
  private next(): void {
    if (this.queue.length > 0) setImmediate(() => void this.commitGroup());
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
