/**
 * `npm run backup -- DEST` — a consistent copy of the database taken while the server runs or not.
 * Restore: stop the server, copy DEST over YINGBIN_DB (removing its -wal and -shm files), start the server.
 *
 * The copy is written to DEST.partial beside DEST, checked (integrity_check, and that it is a Yingbin
 * database: its migrations table), made durable, and only then renamed to DEST. A backup killed halfway
 * (SIGKILL, a full disk, a power cut) leaves no DEST — never a half copy that restores to an empty hall;
 * the next run replaces the leftover DEST.partial.
 *
 * `VACUUM INTO` reads one snapshot of the file: a running server's writes do not disturb it (SQLite's
 * online backup starts over whenever another connection writes, and on a busy hall may never finish).
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { databaseUrl, dbPath } from '../env.ts';

/** Makes a file's (or a directory's) content durable. */
function sync(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Refuses a copy that is damaged or is not a Yingbin database; says how many events it holds. */
function check(path: string): number {
  const copy = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`the copy failed its integrity check: ${String(result)}`);
    const migrations = copy
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'migrations'")
      .get() as { n: number };
    if (migrations.n !== 1) throw new Error('the copy has no migrations table: it is not a Yingbin database');
    if ((copy.prepare('SELECT count(*) AS n FROM migrations').get() as { n: number }).n === 0)
      throw new Error('the copy has no migrations applied');
    return (copy.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    copy.close();
  }
}

async function main(): Promise<void> {
  const dest = process.argv[2] ? resolve(process.argv[2]) : undefined;
  if (!dest) throw new Error('usage: npm run backup -- DEST');
  if (databaseUrl()) {
    throw new Error(
      'YINGBIN_DATABASE_URL is set: this copies the SQLite file only; back PostgreSQL up with pg_dump (docs/deploy.md)',
    );
  }
  const source = dbPath();
  if (!existsSync(source)) throw new Error(`no database at ${source} (YINGBIN_DB)`);
  if (existsSync(dest)) throw new Error(`${dest} exists already; choose a new file name`);
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true }); // what a killed earlier run left
  const db = new Database(source, { fileMustExist: true, readonly: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('VACUUM INTO ?').run(partial);
  } finally {
    db.close();
  }
  try {
    const events = check(partial);
    sync(partial);
    renameSync(partial, dest);
    sync(dirname(dest)); // the rename itself survives a power cut
    process.stdout.write(`backup: ${source} → ${dest} (${events} events, integrity ok)\n`);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`backup: ${(e as Error).message}\n`);
  process.exit(2);
});
