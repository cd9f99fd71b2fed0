/**
 * A database as Yingbin left it before migration 0015: every migration up to 0014 applied, and the report's
 * visit rows in their layout of then (both clocks as columns r_* and v_* of report_visits), written with
 * the statement server/reports/store.ts used. Tests migrate such a database and compare its report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { VisitSummary } from '../../shared/report.ts';

const MIGRATIONS = fileURLToPath(new URL('../../server/store/migrations/', import.meta.url));
const LAST = '0014';

const COLUMNS = `branch, visit_id, day, hour, arrived_at, ended_at, ticket, line, vip, vip_later, needs, owner, transfers_by,
  imported, r_start, r_due, r_stop, r_by, v_day, v_hour, v_start, v_due, v_stop, v_by, r_disputed, v_disputed`;

/** A visit's row as the previous version wrote it. */
function rowOf(branch: string, s: VisitSummary): (string | number | null)[] {
  const r = s.clocks.find((c) => c.rule === 'reception');
  const v = s.clocks.find((c) => c.rule === 'vip-reception');
  return [
    branch,
    s.id,
    s.day,
    s.hour,
    s.arrivedAt,
    s.endedAt,
    s.ticket,
    s.line,
    s.vip ? 1 : 0,
    s.vipLater ? 1 : 0,
    s.specialNeeds.join(';'),
    s.owner,
    s.transfersBy.join(';'),
    s.imported ? 1 : 0,
    r?.start ?? null,
    r?.due ?? null,
    r?.stop ?? null,
    r?.stoppedBy ?? null,
    v?.day ?? null,
    v?.hour ?? null,
    v?.start ?? null,
    v?.due ?? null,
    v?.stop ?? null,
    v?.stoppedBy ?? null,
    r?.disputedAt ?? null,
    v?.disputedAt ?? null,
  ];
}

const files = (dir: string) =>
  readdirSync(dir)
    .filter((f) => /^\d{4}_.*\.sql$/.test(f) && f.slice(0, 4) <= LAST)
    .sort();

/** Makes the SQLite file at `path` a database of the previous version holding `visits` of `branch`. */
export function previousSqlite(path: string, branch: string, visits: VisitSummary[]): void {
  const db = new Database(path);
  try {
    db.exec('CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
    for (const f of files(MIGRATIONS)) {
      db.exec(readFileSync(join(MIGRATIONS, f), 'utf8'));
      db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)').run(f, Date.now());
    }
    const insert = db.prepare(`INSERT INTO report_visits (${COLUMNS}) VALUES (${Array(26).fill('?').join(', ')})`);
    db.transaction(() => visits.forEach((s) => insert.run(rowOf(branch, s))))();
  } finally {
    db.close();
  }
}

/** The same in the PostgreSQL database at `url`. */
export async function previousPostgres(url: string, branch: string, visits: VisitSummary[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const dir = join(MIGRATIONS, 'postgres');
    for (const f of files(dir)) {
      await client.query(readFileSync(join(dir, f), 'utf8'));
      await client.query('INSERT INTO migrations (name, applied_at) VALUES ($1, $2)', [f, Date.now()]);
    }
    const params = Array.from({ length: 26 }, (_, i) => `$${i + 1}`).join(', ');
    await client.query('BEGIN');
    for (const s of visits)
      await client.query(`INSERT INTO report_visits (${COLUMNS}) VALUES (${params})`, rowOf(branch, s));
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
