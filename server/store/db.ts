/**
 * Opens the store the environment names — the SQLite file by default, PostgreSQL when a database URL is
 * given — and applies the numbered migrations of its dialect, each in its own transaction. Both dialects
 * have the same migration names, so a database of either says which version of Yingbin it needs.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fromRoot } from '../paths.ts';
import { PostgresSql, redact } from './postgres.ts';
import type { Dialect, Sql } from './sql.ts';
import { SqliteSql } from './sqlite.ts';

export type DB = Database.Database;

const MIGRATIONS: Record<Dialect, string> = {
  sqlite: fromRoot('server', 'store', 'migrations'),
  postgres: fromRoot('server', 'store', 'migrations', 'postgres'),
};

export class MigrationError extends Error {}

export interface StoreTarget {
  /** The SQLite file (the default store). */
  dbPath: string;
  /** `postgres://…`: keep everything in PostgreSQL instead, shared by several processes. */
  databaseUrl?: string | undefined;
  /** SQLite: how long a write waits for another process's lock before failing busy (the server: 2 s). */
  lockWaitMs?: number;
}

export async function openStore(target: StoreTarget): Promise<Sql> {
  if (target.databaseUrl) return openPostgres(target.databaseUrl);
  return new SqliteSql(openDatabase(target.dbPath), target.dbPath, target.lockWaitMs);
}

/** The SQLite file itself (WAL, durable commits), migrated: for the store and for tools that need the file. */
export function openDatabase(path: string): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: a command is answered only once its event is on disk, also across a power cut.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = (db.prepare('SELECT name FROM migrations ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  );
  for (const file of pending('sqlite', applied)) {
    const sql = readFileSync(join(MIGRATIONS.sqlite, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)').run(file, Date.now());
    })();
  }
  capSize(db);
  return db;
}

/**
 * YINGBIN_DB_MAX_BYTES caps the file (SQLite's max_page_count, for this connection): at the cap every
 * write fails as on a full disk (SQLITE_FULL → 503, nothing written), leaving room on the disk for the
 * rest of the machine. Tests use it to fill the disk for real without filling a disk.
 */
function capSize(db: DB): void {
  const cap = Number(process.env.YINGBIN_DB_MAX_BYTES ?? 0);
  if (!Number.isFinite(cap) || cap <= 0) return;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`max_page_count = ${Math.max(1, Math.floor(cap / pageSize))}`);
}

async function openPostgres(url: string): Promise<Sql> {
  // A database that does not answer at all (a cut network) fails a command after 5 s instead of holding it.
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.YINGBIN_DATABASE_POOL) || 10,
    connectionTimeoutMillis: 5000,
  });
  // An idle connection the server closed (a database restart) must not crash the process.
  pool.on('error', () => undefined);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (e) {
    await pool.end();
    throw new MigrationError(`cannot reach PostgreSQL at ${redact(url)}: ${(e as Error).message}`);
  }
  try {
    // Several processes may start at once: one migrates, the others wait and then find nothing to do.
    await client.query('SELECT pg_advisory_lock(7120001)');
    await client.query('CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const applied = (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY name')).rows.map(
      (r) => r.name,
    );
    for (const file of pending('postgres', applied)) {
      const sql = readFileSync(join(MIGRATIONS.postgres, file), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO migrations (name, applied_at) VALUES ($1, $2)', [file, Date.now()]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new MigrationError(`migration ${file} failed: ${(e as Error).message}`);
      }
    }
  } catch (e) {
    client.release();
    await pool.end();
    throw e;
  }
  await client.query('SELECT pg_advisory_unlock(7120001)');
  client.release();
  return new PostgresSql(pool, url);
}

/** The migrations of a dialect not yet applied, in order; refuses a database from a newer version. */
function pending(dialect: Dialect, applied: string[]): string[] {
  const files = readdirSync(MIGRATIONS[dialect])
    .filter((f) => /^\d{4}_.*\.sql$/.test(f))
    .sort();
  const unknown = applied.filter((name) => !files.includes(name));
  if (unknown.length > 0) {
    throw new MigrationError(
      `database has migration ${unknown.join(', ')} that this version of Yingbin does not have; run a newer version or restore a matching backup`,
    );
  }
  return files.filter((f) => !applied.includes(f));
}
