/**
 * The shared store: PostgreSQL through node-postgres, for several Yingbin processes on one database.
 * Each transaction has its own pooled connection; concurrent writers of one visit or one idempotency
 * key are serialised by transaction-scoped advisory locks (see `lock`), everything else runs in parallel.
 */
import pg from 'pg';
import { TxScope, type Param, type Sql } from './sql.ts';

// Times are epoch milliseconds in BIGINT columns: read them back as numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * Our SQL as a named statement: `?` placeholders become `$1, $2, …` (our SQL has no `?` inside string
 * literals), and the name lets each connection parse and plan it once instead of on every call.
 */
const statements = new Map<string, { name: string; text: string }>();
function toPg(text: string): { name: string; text: string } {
  let out = statements.get(text);
  if (out === undefined) {
    let n = 0;
    out = { name: `y${statements.size}`, text: text.replace(/\?/g, () => `$${++n}`) };
    statements.set(text, out);
  }
  return out;
}

/** The URL as it may appear in a log line: without a password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export class PostgresSql implements Sql {
  readonly dialect = 'postgres' as const;
  readonly where: string;
  private readonly scope = new TxScope<pg.PoolClient>();

  constructor(
    readonly pool: pg.Pool,
    url: string,
  ) {
    this.where = redact(url);
  }

  private client(): pg.Pool | pg.PoolClient {
    return this.scope.current()?.client ?? this.pool;
  }

  async all<T>(text: string, params: Param[] = []): Promise<T[]> {
    return (await this.client().query({ ...toPg(text), values: params })).rows as T[];
  }

  async get<T>(text: string, params: Param[] = []): Promise<T | undefined> {
    return (await this.all<T>(text, params))[0];
  }

  async rows<T extends unknown[]>(text: string, params: Param[] = []): Promise<T[]> {
    // Its own name: a prepared statement's row mode is fixed with it.
    const { name, text: sql } = toPg(text);
    return (await this.client().query({ name: `${name}a`, text: sql, values: params, rowMode: 'array' })).rows as T[];
  }

  async run(text: string, params: Param[] = []): Promise<number> {
    const r = await this.client().query({ ...toPg(text), values: params });
    return r.command === 'SELECT' ? r.rows.length : (r.rowCount ?? 0);
  }

  async lock(name: string): Promise<void> {
    if (!this.scope.current()) throw new Error(`lock("${name}") outside a transaction would hold nothing`);
    await this.client().query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const ctx = this.scope.current();
    if (ctx) {
      const name = `s${++ctx.savepoints}`;
      await ctx.client.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn();
        await ctx.client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (e) {
        await ctx.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw e;
      }
    }
    const client = await this.pool.connect();
    let run: ReturnType<TxScope<pg.PoolClient>['run']> | undefined;
    try {
      await client.query('BEGIN');
      run = this.scope.run(client, fn);
      const result = (await run.result) as T;
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      if (run) run.ctx.ended = true;
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
