/**
 * `npm run backup -- DEST` — a consistent copy of the database (SQLite's online backup) taken while the
 * server runs or not. Restore: stop the server, copy DEST over YINGBIN_DB (removing its -wal and -shm
 * files), start the server.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { databaseUrl, dbPath } from '../env.ts';

async function main(): Promise<void> {
  const dest = process.argv[2];
  if (!dest) throw new Error('usage: npm run backup -- DEST');
  if (databaseUrl()) {
    throw new Error('YINGBIN_DATABASE_URL is set: this copies the SQLite file only; back PostgreSQL up with pg_dump (docs/deploy.md)');
  }
  const source = dbPath();
  if (!existsSync(source)) throw new Error(`no database at ${source} (YINGBIN_DB)`);
  if (existsSync(dest)) throw new Error(`${dest} exists already; choose a new file name`);
  const db = new Database(source, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  await db.backup(dest);
  db.close();
  const copy = new Database(dest, { readonly: true });
  const check = copy.pragma('integrity_check', { simple: true });
  const events = (copy.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  copy.close();
  if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
  process.stdout.write(`backup: ${source} → ${dest} (${events} events, integrity ok)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`backup: ${(e as Error).message}\n`);
  process.exit(2);
});
