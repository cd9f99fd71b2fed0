/**
 * The floor under a check-in: what bare better-sqlite3 does with the same rows a check-in writes
 * (ticket bump, event, visit projection), WAL and synchronous=FULL, one transaction per check-in.
 */
import Database from 'better-sqlite3';
import { openDatabase } from '../../server/store/db.ts';
import { writeSetup } from '../lib/halls.ts';

interface EventRow {
  visit_id: string;
  branch: string;
  type: string;
  occurred_at: number;
  recorded_at: number;
  actor: string;
  payload: string;
}
interface VisitRow {
  id: string;
  branch: string;
  day: string;
  ticket: string;
  state: string;
  open: number;
  arrived_at: number;
  data: string;
}

/** A real check-in's rows, read from a database the server wrote. */
export function sampleRows(dbPath: string): { event: EventRow; visit: VisitRow } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const event = db.prepare("SELECT * FROM events WHERE type = 'checked-in' ORDER BY seq DESC LIMIT 1").get() as EventRow;
    const visit = db.prepare('SELECT * FROM visits WHERE id = ?').get(event.visit_id) as VisitRow;
    return { event, visit };
  } finally {
    db.close();
  }
}

/** Durable check-in rows per second, for `durationMs`, on a fresh file with the server's schema. */
export function durableInsertsPerSecond(rows: { event: EventRow; visit: VisitRow }, durationMs: number): number {
  const { dbPath } = writeSetup({});
  const db = openDatabase(dbPath); // WAL, synchronous=FULL, the server's migrations
  const bump = db.prepare(
    `INSERT INTO ticket_sequences (branch, day, series, last) VALUES (?, ?, ?, 1)
     ON CONFLICT(branch, day, series) DO UPDATE SET last = last + 1 RETURNING last`,
  );
  const insertEvent = db.prepare(
    'INSERT INTO events (visit_id, branch, type, occurred_at, recorded_at, actor, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertVisit = db.prepare(
    `INSERT INTO visits (id, branch, day, ticket, state, open, arrived_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET state = excluded.state, open = excluded.open, data = excluded.data`,
  );
  const { event: e, visit: v } = rows;
  const one = db.transaction((n: number) => {
    const id = `${v.id.slice(0, 24)}${String(n).padStart(12, '0')}`; // a fresh id of the same length
    bump.get(v.branch, v.day, 'A');
    insertEvent.run(id, e.branch, e.type, e.occurred_at, e.recorded_at, e.actor, e.payload);
    insertVisit.run(id, v.branch, v.day, v.ticket, v.state, v.open, v.arrived_at, v.data);
  });
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < durationMs) one(n++);
  const perSecond = n / ((performance.now() - started) / 1000);
  db.close();
  return perSecond;
}
