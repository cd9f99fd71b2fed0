/**
 * Moving up (issue 20 item 4): a hall's SQLite file — a real bank day imported, a closed day with two
 * revisions, live visits with alerts and a dispute — copied with `npm run migrate-store` into a real
 * PostgreSQL (its own throwaway engine). Every daily report, JSON and CSV, is the same before and after; a
 * second run changes nothing; a copy killed mid-way finishes when run again; a server started on the
 * target serves the hall without firing again the alerts that fired before the move; and the tool refuses
 * an older source, a target a server runs on, and a target holding another history of the hall.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { bankLines, bankMonthCsv, BANK_TIME_ZONE } from '../support/bank.ts';
import { KIOSK_TOKEN, STAFF, testConfig, writeTestSetup } from '../support/config.ts';
import { createDatabase, startPostgres, type Engine } from '../support/engines.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { listen } from '../support/socket.ts';
import { TABLES } from '../../server/migrate/plan.ts';
import { localDay, localInstant } from '../../shared/time.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TZ = BANK_TIME_ZONE;
const today = localDay(Date.now(), TZ);
const yesterday = localDay(localInstant(today, '00:00', TZ) - 3600_000, TZ);
const DAYS = ['1999-02-01', yesterday, today];

function hallConfig() {
  const config = testConfig({ receptionSeconds: 2, vipSeconds: 2, timeZone: TZ });
  config.branches[0]!.lines = bankLines();
  config.limits.bodyBytes = 0;
  return config;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

/** `npm run migrate-store` as a user runs it; `killWhen` SIGKILLs it on the first stderr line it matches. */
function migrate(from: string, to: string, env: Record<string, string> = {}, killWhen?: RegExp): Promise<Run> {
  const cli = spawn(process.execPath, ['--import', 'tsx', 'server/cli/migrate-store.ts', '--from', from, '--to', to], {
    cwd: ROOT,
    env: { ...process.env, YINGBIN_DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  cli.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  cli.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (killWhen?.test(stderr)) cli.kill('SIGKILL');
  });
  return new Promise((resolve) => cli.once('exit', (code, signal) => resolve({ code, signal, stderr, stdout })));
}

/** Every copied table of a database, every row, in a fixed order (the progress marker without its time). */
async function dump(url: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, unknown[]> = {};
    const there = (
      await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")
    ).rows.map((r) => r.name);
    for (const t of TABLES.filter((x) => x.how !== 'skip' && there.includes(x.table))) {
      out[t.table] = (await client.query(`SELECT * FROM ${t.table} ORDER BY 1, 2, 3`)).rows;
    }
    out.store_imports = (await client.query('SELECT source, log, copied_through, seq_offset FROM store_imports')).rows;
    return out;
  } finally {
    await client.end();
  }
}

/**
 * A report as a reader sees it, without what depends on the moment of reading: when it was made, and how
 * late a customer still waiting is so far (the open visit's lateness grows while the test runs).
 */
const steady = (r: { body: unknown }, waitingId = '') =>
  JSON.stringify(r.body)
    .replace(/"generatedAt":"[^"]*"/g, '')
    .replace(new RegExp(`("visitId":"${waitingId}"[^}]*"lateBySeconds":)[\\d.]+`, 'g'), '$1"so far"');
const steadyCsv = (text: string, waiting: string) =>
  text.replace(/^.*(生成时间|Generated).*$/m, '').replace(new RegExp(`^(${waiting},.*,),[\\d.]+,`, 'gm'), '$1,so far,');

describe('npm run migrate-store: a hall moves from its SQLite file to the cluster', () => {
  let engine: Engine;
  let setup: ReturnType<typeof writeTestSetup>;
  let target: string;
  const servers: RunningServer[] = [];
  const before: Record<string, string> = {};
  const ids: Record<'met' | 'open' | 'disputed', string> = { met: '', open: '', disputed: '' };
  let fired: string[] = [];
  let openBefore: string[] = [];
  let waitingTicket = '';

  /** Every daily report of the history, JSON and CSV, and a closed day's first revision. */
  async function reports(url: string): Promise<Record<string, string>> {
    const http = api(url);
    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const out: Record<string, string> = {};
    for (const day of DAYS) {
      const waiting = day === today ? ids.open : 'none';
      out[`${day} json`] = steady(await http.get(`/branches/t1/reports/daily?date=${day}`, manager), waiting);
      for (const lang of ['zh', 'en']) {
        const res = await fetch(`${url}/api/v1/branches/t1/reports/daily?date=${day}&format=csv&lang=${lang}`, {
          headers: { Authorization: `Bearer ${manager}` },
        });
        out[`${day} csv ${lang}`] = steadyCsv(await res.text(), day === today ? waitingTicket : 'none');
      }
    }
    out.revision1 = steady(await http.get(`/branches/t1/reports/daily?date=${yesterday}&revision=1`, manager));
    return out;
  }

  beforeAll(async () => {
    engine = await startPostgres();
    target = await createDatabase(engine.url, 'moved');
    setup = writeTestSetup(hallConfig());
    const hall = await startServer({ ...setup, databaseUrl: undefined });
    servers.push(hall);
    const http = api(hall.url);
    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const greeter = await http.login(STAFF.greeter.staffId, STAFF.greeter.pin);

    // A real bank day, imported.
    const bank = bankMonthCsv(1);
    const imported = await fetch(`${hall.url}/api/v1/branches/t1/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${manager}`, 'Content-Type': 'text/csv' },
      body: bank.csv,
    });
    expect(await imported.json()).toMatchObject({ imported: bank.rows, written: true });

    // A closed day: two check-ins replayed into yesterday make its revisions 1 and 2.
    for (const hhmm of ['10:00', '11:30']) {
      const occurredAt = new Date(localInstant(yesterday, hhmm, TZ)).toISOString();
      expect((await http.post('/branches/t1/visits', { line: 'ps', occurredAt }, KIOSK_TOKEN)).status).toBe(201);
    }

    // Today, live: one greeted in time, one left breached, one greeted late by a replay dated in time.
    const staff = await listen(hall.url, manager);
    const checkIn = async (key: string) =>
      (await http.post('/branches/t1/visits', { line: 'ps' }, KIOSK_TOKEN, key)).body.visit;
    const met = await checkIn('kiosk-before-move-1');
    expect((await http.post(`/branches/t1/visits/${met.id}/greet`, {}, greeter)).status).toBe(200);
    const open = await checkIn('kiosk-before-move-2');
    const disputed = await checkIn('kiosk-before-move-3');
    for (const v of [open, disputed])
      await staff.waitFor(
        () => staff.alerts.find((a) => a.alert.visitId === v.id && a.alert.kind === 'breach'),
        20_000,
      );
    const inTime = new Date(Date.parse(disputed.arrivedAt) + 500).toISOString();
    const late = await http.post(`/branches/t1/visits/${disputed.id}/greet`, { occurredAt: inTime }, greeter);
    expect(late.status).toBe(200);
    expect(late.body.visit.rules.some((r: { disputed?: true }) => r.disputed)).toBe(true);
    Object.assign(ids, { met: met.id, open: open.id, disputed: disputed.id });
    waitingTicket = open.ticket;
    // The claims: what fired (a resolution is news about one of them, not an alert of its own).
    const claims = staff.alerts.filter((a) => a.alert.kind !== 'resolved').map((a) => a.alert.id);
    fired = [...new Set(claims)].sort();
    expect(fired.length).toBeGreaterThanOrEqual(4); // a warning and a breach of each of the two
    staff.close();

    Object.assign(before, await reports(hall.url));
    openBefore = ((await http.get('/branches/t1/visits?state=open', manager)).body.visits as { id: string }[])
      .map((v) => v.id)
      .sort();
    expect(openBefore).toContain(open.id);
    await hall.kill();
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) await s.kill();
    await engine?.stop();
  }, 60_000);

  it('copies the whole history with progress on stderr, and a second run changes nothing', async () => {
    const first = await migrate(setup.dbPath, target);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/events: \d+\/\d+ rows \(\d+%\), \d+ rows\/s/);
    expect(first.stderr).toMatch(/verified: (\d+)\/\1 rows \(100%\)/);
    expect(first.stdout).toMatch(/rows copied and verified/);
    const once = await dump(target);
    expect(once.events!.length).toBeGreaterThan(1000);
    expect(once.report_snapshots!.length).toBe(2);
    expect(once.alerts!.length).toBe(fired.length);

    const second = await migrate(setup.dbPath, target);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/events 0,/); // the log was copied already
    expect(await dump(target)).toEqual(once);
  }, 120_000);

  it('a copy killed mid-way finishes when run again, to the same database', async () => {
    const other = await createDatabase(engine.url, 'resumed');
    const killed = await migrate(setup.dbPath, other, { YINGBIN_MIGRATE_BATCH: '20' }, /rows \(\d+%\)/);
    expect(killed.signal).toBe('SIGKILL');
    const half = await dump(other);
    const whole = await dump(target);
    expect(half).not.toEqual(whole);
    const resumed = await migrate(setup.dbPath, other);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await dump(other)).toEqual(whole);
  }, 120_000);

  it("refuses, in Chinese and English, another hall's file with the same branch, and changes nothing", async () => {
    const other = join(setup.dir, 'other-hall.db');
    const original = new Database(setup.dbPath, { readonly: true });
    original.exec(`VACUUM INTO '${other}'`);
    original.close();
    const db = new Database(other);
    db.prepare("UPDATE events SET visit_id = 'another-hall-visit' WHERE seq = (SELECT min(seq) FROM events)").run();
    db.close();
    const was = await dump(target);
    const run = await migrate(other, target);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/拒绝：目标数据库 .* 中已有营业厅 t1 的其他历史/);
    expect(run.stderr).toMatch(/refused: the target .* already holds a different history of branch t1/);
    expect(await dump(target)).toEqual(was);
  }, 60_000);

  it('refuses, in Chinese and English, a source older than the code', async () => {
    const dir = fileURLToPath(new URL('../../server/store/migrations/', import.meta.url));
    const files = readdirSync(dir)
      .filter((f) => /^\d{4}_.*\.sql$/.test(f))
      .sort();
    const old = join(setup.dir, 'old.db');
    const db = new Database(old);
    db.exec('CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    for (const f of files.slice(0, -1)) {
      db.exec(readFileSync(join(dir, f), 'utf8'));
      db.prepare('INSERT INTO migrations VALUES (?, ?)').run(f, Date.now());
    }
    db.close();
    const run = await migrate(old, await createDatabase(engine.url, 'unused'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`缺少迁移 ${files.at(-1)}`);
    expect(run.stderr).toContain('请先用本版本在该文件上启动一次服务器');
    expect(run.stderr).toContain(`lacks migration ${files.at(-1)}`);
  }, 60_000);

  it('a server started on the target serves the hall, reports the same, and does not fire again', async () => {
    const s = await startServer({ ...setup, dbPath: join(setup.dir, 'unused.db'), databaseUrl: target });
    servers.push(s);
    expect(await reports(s.url)).toEqual(before);
    const http = api(s.url);
    const manager = await http.login(STAFF.manager.staffId, STAFF.manager.pin);
    const open = (await http.get('/branches/t1/visits?state=open', manager)).body.visits as { id: string }[];
    expect(open.map((v) => v.id).sort()).toEqual(openBefore);

    const staff = await listen(s.url, manager);
    const snapshotAlerts = staff.snapshots[0]!.alerts.map((a) => a.visitId);
    expect(snapshotAlerts).toContain(ids.open); // its breach, still open, served from the copied claims
    // A kiosk retrying a check-in it sent before the move gets the same visit back.
    const retry = await http.post('/branches/t1/visits', { line: 'ps' }, KIOSK_TOKEN, 'kiosk-before-move-1');
    expect(retry.body.visit.id).toBe(ids.met);
    // The next customer gets the next number, and their breach fires: the clocks run on the target.
    const next = (await http.post('/branches/t1/visits', { line: 'ps' }, KIOSK_TOKEN, 'after-move-1')).body.visit;
    expect(next.ticket).toBe('A004');
    await staff.waitFor(
      () => staff.alerts.find((a) => a.alert.visitId === next.id && a.alert.kind === 'breach'),
      20_000,
    );
    // Not one alert that fired before the move is sent again, and each is stored once.
    expect(staff.alerts.filter((a) => fired.includes(a.alert.id))).toEqual([]);
    const stored = ((await dump(target)).alerts as { id: string }[]).map((a) => a.id);
    expect(stored.filter((id) => fired.includes(id)).sort()).toEqual(fired);
    staff.close();

    // While it runs, the copy is refused: a server is running on the target.
    const running = await migrate(setup.dbPath, target);
    expect(running.code).toBe(2);
    expect(running.stderr).toContain('上有迎宾服务器正在运行');
    expect(running.stderr).toContain('a Yingbin server is running on the target');
    await s.kill();

    // Stopped, it is refused still: the cluster has served the hall since, a history the file does not hold.
    const served = await dump(target);
    const again = await migrate(setup.dbPath, target);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/拒绝：目标数据库 .* 中已有营业厅 t1 的其他历史/);
    expect(again.stderr).toMatch(/refused: the target .* already holds a different history of branch t1/);
    expect(await dump(target)).toEqual(served);
  }, 120_000);
});
