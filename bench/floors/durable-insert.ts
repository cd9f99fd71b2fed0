/**
 * The floor under a check-in: what bare better-sqlite3 does with the same rows a check-in writes (its
 * event, the visit projection, the report's visit summary and its clock, the ticket bump), WAL and synchronous=FULL,
 * one transaction per check-in — no HTTP, no validation, no fold, no JSON.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../server/store/db.ts';
import { writeSetup } from '../lib/halls.ts';

type Row = Record<string, unknown>;

/** The tables a check-in writes a row to, and the column naming the visit in each. */
const VISIT_TABLES: [table: string, column: string][] = [
  ['events', 'visit_id'],
  ['visits', 'id'],
  ['report_visits', 'visit_id'],
  ['report_clocks', 'visit_id'],
];

/** A real check-in's rows, read from a database the server wrote (tables that are not there are skipped). */
export function sampleRows(dbPath: string): Map<string, Row> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const event = db
      .prepare("SELECT visit_id FROM events WHERE type = 'checked-in' ORDER BY seq DESC LIMIT 1")
      .get() as { visit_id: string };
    const rows = new Map<string, Row>();
    for (const [table, column] of VISIT_TABLES) {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
      if (!exists) continue;
      const row = db.prepare(`SELECT * FROM ${table} WHERE ${column} = ?`).get(event.visit_id) as Row | undefined;
      if (row) rows.set(table, row);
    }
    return rows;
  } finally {
    db.close();
  }
}

/** Durable check-ins per second, for `durationMs`, on a fresh file with the server's schema. */
export function durableInsertsPerSecond(rows: Map<string, Row>, durationMs: number): number {
  const { dbPath } = writeSetup({});
  const db = openDatabase(dbPath); // WAL, synchronous=FULL, the server's migrations
  const bump = db.prepare(
    `INSERT INTO ticket_sequences (branch, day, series, last) VALUES (?, ?, ?, 1)
     ON CONFLICT(branch, day, series) DO UPDATE SET last = last + 1 RETURNING last`,
  );
  const inserts = [...rows].map(([table, row]) => {
    const columns = Object.keys(row).filter((c) => !(table === 'events' && c === 'seq'));
    const stmt = db.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    );
    const column = VISIT_TABLES.find(([t]) => t === table)![1];
    const values = Object.fromEntries(columns.map((c) => [c, row[c]]));
    return (visitId: string) => stmt.run({ ...values, [column]: visitId });
  });
  const visit = rows.get('visits')!;
  const one = db.transaction(() => {
    bump.get(visit.branch, visit.day, 'A');
    const id = randomUUID(); // random like the server's, so the indexes see the same scattered writes
    for (const insert of inserts) insert(id);
  });
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < durationMs) {
    one();
    n++;
  }
  const perSecond = n / ((performance.now() - started) / 1000);
  db.close();
  return perSecond;
}
