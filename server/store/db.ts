/** Opens the SQLite file in WAL mode and applies the numbered migrations, each in its own transaction. */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fromRoot } from '../paths.ts';

export type DB = Database.Database;

const MIGRATIONS_DIR = fromRoot('server', 'store', 'migrations');

export class MigrationError extends Error {}

export function openDatabase(path: string): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: a command is answered only once its event is on disk, also across a power cut.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: DB): void {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
  const applied = (db.prepare('SELECT name FROM migrations ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  const unknown = applied.filter((name) => !files.includes(name));
  if (unknown.length > 0) {
    throw new MigrationError(
      `database has migration ${unknown.join(', ')} that this version of Yingbin does not have; run a newer version or restore a matching backup`,
    );
  }
  for (const file of files) {
    if (applied.includes(file)) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)').run(file, Date.now());
    })();
  }
}
