/**
 * The one door to storage: a few async calls (all/get/rows/run/transaction) that every store module uses,
 * with two implementations behind it — the embedded SQLite file (the default) and PostgreSQL (many
 * processes on one database). SQL is written once, in the subset both dialects speak, with `?` for
 * parameters; only the migrations are written per dialect.
 *
 * A transaction's statements find their transaction by themselves (AsyncLocalStorage), so a store method
 * called inside `transaction(fn)` joins it, and a nested `transaction` becomes a savepoint.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type Param = string | number | bigint | boolean | null | Buffer;
export type Dialect = 'sqlite' | 'postgres';

export interface Sql {
  readonly dialect: Dialect;
  /** Where the data lives, for log lines (a file path, or the database URL without its password). */
  readonly where: string;
  all<T = Record<string, unknown>>(text: string, params?: Param[]): Promise<T[]>;
  get<T = Record<string, unknown>>(text: string, params?: Param[]): Promise<T | undefined>;
  /** Rows as arrays in column order: the report reads millions of rows and objects cost. */
  rows<T extends unknown[] = unknown[]>(text: string, params?: Param[]): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(text: string, params?: Param[]): Promise<number>;
  /**
   * Runs `fn` as one transaction: all or nothing, durable before the promise resolves. Inside another
   * transaction it is a savepoint: a failure undoes only what `fn` did.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Serialises writers of the same thing (a visit, an idempotency key) until the transaction ends.
   * SQLite needs none (one connection, one writer); PostgreSQL takes a transaction-scoped advisory lock.
   */
  lock(name: string): Promise<void>;
  close(): Promise<void>;
}

/** The transaction the current async call chain runs in, until it has ended. */
export interface TxContext<C> {
  client: C;
  ended: boolean;
  savepoints: number;
}

export class TxScope<C> {
  private readonly storage = new AsyncLocalStorage<TxContext<C>>();

  /** The live transaction of this call chain (a timer planned inside one outlives it: then none). */
  current(): TxContext<C> | undefined {
    const ctx = this.storage.getStore();
    return ctx && !ctx.ended ? ctx : undefined;
  }

  run<T>(client: C, fn: () => Promise<T>): { ctx: TxContext<C>; result: Promise<T> } {
    const ctx: TxContext<C> = { client, ended: false, savepoints: 0 };
    return { ctx, result: this.storage.run(ctx, fn) };
  }
}

/**
 * Is this error the store being out of reach (PostgreSQL down or restarting, the network gone, the SQLite
 * file locked by another writer for longer than the busy timeout) or out of room (a full disk, an I/O
 * error)? Then nothing was written and a command can be tried again later.
 */
export function isStoreUnavailable(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  const code = typeof err?.code === 'string' ? err.code : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code)) return true;
  // SQLite, extended codes included (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE, …): busy, full, I/O.
  if (/^SQLITE_(BUSY|LOCKED|FULL|IOERR)/.test(code)) return true;
  // PostgreSQL: connection exception, insufficient resources (53100 disk full, 53200 out of memory,
  // 53300 too many connections), operator intervention, 58030 I/O error.
  if (/^(08|53|57P)/.test(code) || code === '58030') return true;
  return (
    typeof err?.message === 'string' &&
    /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(err.message)
  );
}
