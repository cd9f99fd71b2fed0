/**
 * `npm run backup` killed halfway leaves no DEST (it writes DEST.partial, checks it, then renames), so a
 * restore can never pick up a half copy that starts an empty hall; the next run completes and is checked.
 * SQLite only: PostgreSQL is backed up with pg_dump.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/store/db.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function backup(dbPath: string, dest: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/backup.ts', dest], {
    cwd: ROOT,
    env: { ...process.env, YINGBIN_DB: dbPath, YINGBIN_DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, out: () => out };
}

describe.runIf(process.env.YINGBIN_TEST_STORE !== 'postgres')('backup, killed halfway', () => {
  it('leaves DEST absent after a SIGKILL mid-copy, and the next run writes a checked copy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yingbin-backup-'));
    const dbPath = join(dir, 'yingbin.db');
    // A hall's database with a day of events, and enough bulk that the copy takes a while.
    const db = openDatabase(dbPath);
    const append = db.prepare(
      "INSERT INTO events (visit_id, branch, type, occurred_at, recorded_at, actor, payload) VALUES (?, 't1', 'checked-in', ?, ?, '{}', ?)",
    );
    db.transaction(() => {
      for (let i = 0; i < 60_000; i++)
        append.run(`v${i}`, i, i, JSON.stringify({ line: 'life', pad: 'x'.repeat(1500) }));
    })();
    db.close();
    expect(statSync(dbPath).size).toBeGreaterThan(80_000_000);

    const dest = join(dir, 'copy.db');
    const first = backup(dbPath, dest);
    // Kill the moment the copy has begun to be written (under DEST or beside it).
    for (;;) {
      if (existsSync(dest) || (existsSync(`${dest}.partial`) && statSync(`${dest}.partial`).size > 0)) break;
      if (first.child.exitCode !== null) throw new Error(`backup ended before it could be killed:\n${first.out()}`);
      await sleep(2);
    }
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(dest), 'a killed backup left a file at DEST').toBe(false);

    const second = backup(dbPath, dest);
    expect(await second.exited, second.out()).toBe(0);
    expect(second.out()).toMatch(/60000 events, integrity ok/);
    expect(existsSync(`${dest}.partial`)).toBe(false);
    const copy = new Database(dest, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(60_000);
    expect((copy.prepare('SELECT count(*) AS n FROM migrations').get() as { n: number }).n).toBeGreaterThan(0);
    copy.close();
  });

  it('refuses to overwrite an existing DEST, which stays intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yingbin-backup-'));
    const dbPath = join(dir, 'yingbin.db');
    openDatabase(dbPath).close();
    const dest = join(dir, 'copy.db');
    expect(await backup(dbPath, dest).exited).toBe(0);
    const before = statSync(dest).mtimeMs;
    const again = backup(dbPath, dest);
    expect(await again.exited).toBe(2);
    expect(again.out()).toMatch(/exists already/);
    expect(statSync(dest).mtimeMs).toBe(before);
  });
});
