/** The event log and the visit projection in SQLite: append-only events, rebuildable visits. */
import type { DB } from './db.ts';
import type { Actor, EventType, Visit, VisitEvent } from '../../shared/types.ts';

export interface DraftEvent {
  visitId: string;
  branch: string;
  type: EventType;
  occurredAt: number;
  actor: Actor;
  payload: Record<string, unknown>;
  idempotencyKey?: string | null;
}

interface EventRow {
  seq: number;
  visit_id: string;
  branch: string;
  type: string;
  occurred_at: number;
  recorded_at: number;
  actor: string;
  payload: string;
}

export interface StoredReply {
  requestHash: string;
  status: number;
  response: unknown;
}

const toEvent = (r: EventRow): VisitEvent => ({
  seq: r.seq,
  visitId: r.visit_id,
  branch: r.branch,
  type: r.type as EventType,
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
  actor: JSON.parse(r.actor) as Actor,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
});

export class EventLog {
  private readonly insertEvent;
  private readonly selectVisitEvents;
  private readonly upsertVisit;
  private readonly bumpTicket;
  private readonly selectReply;
  private readonly insertReply;

  constructor(readonly db: DB) {
    this.insertEvent = db.prepare(
      `INSERT INTO events (visit_id, branch, type, occurred_at, recorded_at, actor, payload, idempotency_key)
       VALUES (@visitId, @branch, @type, @occurredAt, @recordedAt, @actor, @payload, @idempotencyKey)`,
    );
    this.selectVisitEvents = db.prepare('SELECT * FROM events WHERE visit_id = ? ORDER BY seq');
    this.upsertVisit = db.prepare(
      `INSERT INTO visits (id, branch, day, ticket, state, open, arrived_at, external_id, data)
       VALUES (@id, @branch, @day, @ticket, @state, @open, @arrivedAt, @externalId, @data)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, open = excluded.open, data = excluded.data`,
    );
    this.bumpTicket = db.prepare(
      `INSERT INTO ticket_sequences (branch, day, series, last) VALUES (?, ?, ?, 1)
       ON CONFLICT(branch, day, series) DO UPDATE SET last = last + 1 RETURNING last`,
    );
    this.selectReply = db.prepare('SELECT request_hash, status, response FROM idempotency WHERE key = ?');
    this.insertReply = db.prepare('INSERT INTO idempotency (key, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?)');
  }

  /** Runs `fn` as one transaction: its events are on disk before it returns. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  append(draft: DraftEvent, recordedAt: number): VisitEvent {
    const info = this.insertEvent.run({
      ...draft,
      recordedAt,
      actor: JSON.stringify(draft.actor),
      payload: JSON.stringify(draft.payload),
      idempotencyKey: draft.idempotencyKey ?? null,
    });
    return { ...draft, seq: Number(info.lastInsertRowid), recordedAt };
  }

  eventsOf(visitId: string): VisitEvent[] {
    return (this.selectVisitEvents.all(visitId) as EventRow[]).map(toEvent);
  }

  /** Every event of the visits that are still open, grouped by visit (start-up rebuild). */
  openVisitEvents(): Map<string, VisitEvent[]> {
    // Through the (branch, open) index, branch by branch: a plain join on `open = 1` scanned the whole
    // log (1 s of a restart on 1,000,000 events; BENCHMARKS.md).
    const rows = this.db
      .prepare(
        `SELECT * FROM events WHERE visit_id IN (
           SELECT id FROM visits WHERE branch IN (SELECT DISTINCT branch FROM visits) AND open = 1
         ) ORDER BY seq`,
      )
      .all() as EventRow[];
    const out = new Map<string, VisitEvent[]>();
    for (const r of rows) {
      const list = out.get(r.visit_id) ?? [];
      list.push(toEvent(r));
      out.set(r.visit_id, list);
    }
    return out;
  }

  saveVisit(v: Visit, day: string, externalId: string | null = null): void {
    this.upsertVisit.run({
      id: v.id,
      branch: v.branch,
      day,
      ticket: v.ticket,
      state: v.state,
      open: v.endedAt === null ? 1 : 0,
      arrivedAt: Date.parse(v.arrivedAt),
      externalId,
      data: JSON.stringify(v),
    });
  }

  /** Visits of a branch: the open ones, or all that arrived on a branch-local day. */
  visits(branch: string, filter: { open: true } | { day: string }): Visit[] {
    const rows =
      'open' in filter
        ? this.db.prepare('SELECT data FROM visits WHERE branch = ? AND open = 1 ORDER BY arrived_at').all(branch)
        : this.db.prepare('SELECT data FROM visits WHERE branch = ? AND day = ? ORDER BY arrived_at').all(branch, filter.day);
    return (rows as { data: string }[]).map((r) => JSON.parse(r.data) as Visit);
  }

  visitBranch(visitId: string): string | undefined {
    const row = this.db.prepare('SELECT branch FROM visits WHERE id = ?').get(visitId) as { branch: string } | undefined;
    return row?.branch;
  }

  nextTicketNumber(branch: string, day: string, series: string): number {
    return (this.bumpTicket.get(branch, day, series) as { last: number }).last;
  }

  storedReply(key: string): StoredReply | undefined {
    const r = this.selectReply.get(key) as { request_hash: string; status: number; response: string } | undefined;
    return r && { requestHash: r.request_hash, status: r.status, response: JSON.parse(r.response) };
  }

  storeReply(key: string, requestHash: string, status: number, response: unknown, now: number): void {
    this.insertReply.run(key, requestHash, status, JSON.stringify(response), now);
  }
}
