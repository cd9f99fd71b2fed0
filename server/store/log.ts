/** The event log and the visit projection: append-only events, rebuildable visits. */
import { performance } from 'node:perf_hooks';
import type { Sql } from './sql.ts';
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

/**
 * Whose Idempotency-Key: the same key from two principals, or from one in two branches, is two commands
 * (two kiosks of two halls that happen to pick the same key must make two visits).
 */
export interface IdempotencyScope {
  branch: string;
  /** `staff:<id>` or `device:<id>`: the staff member (any of their sessions) or the device. */
  principal: string;
  key: string;
}

export interface StoredReply {
  requestHash: string;
  status: number;
  response: unknown;
}

const toEvent = (r: EventRow): VisitEvent => ({
  seq: Number(r.seq),
  visitId: r.visit_id,
  branch: r.branch,
  type: r.type as EventType,
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
  actor: JSON.parse(r.actor) as Actor,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
});

function byVisit(rows: EventRow[]): Map<string, VisitEvent[]> {
  const out = new Map<string, VisitEvent[]>();
  for (const r of rows) {
    const list = out.get(r.visit_id) ?? [];
    list.push(toEvent(r));
    out.set(r.visit_id, list);
  }
  return out;
}

export class EventLog {
  constructor(
    readonly sql: Sql,
    /** Told each write transaction's duration in seconds, committed or not (the store latency metric). */
    private readonly written: (seconds: number) => void = () => undefined,
  ) {}

  /** Runs `fn` as one transaction: its events are durable before the promise resolves. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await this.sql.transaction(fn);
    } finally {
      this.written((performance.now() - start) / 1000);
    }
  }

  async append(draft: DraftEvent, recordedAt: number): Promise<VisitEvent> {
    const row = await this.sql.get<{ seq: number }>(
      `INSERT INTO events (visit_id, branch, type, occurred_at, recorded_at, actor, payload, idempotency_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
      [
        draft.visitId,
        draft.branch,
        draft.type,
        draft.occurredAt,
        recordedAt,
        JSON.stringify(draft.actor),
        JSON.stringify(draft.payload),
        draft.idempotencyKey ?? null,
      ],
    );
    return { ...draft, seq: Number(row!.seq), recordedAt };
  }

  async eventsOf(visitId: string): Promise<VisitEvent[]> {
    return (await this.sql.all<EventRow>('SELECT * FROM events WHERE visit_id = ? ORDER BY seq', [visitId])).map(
      toEvent,
    );
  }

  /** Every event of the visits that are still open, grouped by visit (start-up rebuild, a branch taken over). */
  async openVisitEvents(branch?: string): Promise<Map<string, VisitEvent[]>> {
    // Through the (branch, open) index, branch by branch: a plain join on `open = 1` scanned the whole
    // log (1 s of a restart on 1,000,000 events; BENCHMARKS.md).
    const rows =
      branch === undefined
        ? await this.sql.all<EventRow>(
            `SELECT * FROM events WHERE visit_id IN (
               SELECT id FROM visits WHERE branch IN (SELECT DISTINCT branch FROM visits) AND open = 1
             ) ORDER BY seq`,
          )
        : await this.sql.all<EventRow>(
            'SELECT * FROM events WHERE visit_id IN (SELECT id FROM visits WHERE branch = ? AND open = 1) ORDER BY seq',
            [branch],
          );
    return byVisit(rows);
  }

  /** Takes the right to write a visit (or an idempotency key) until the transaction ends. */
  lock(name: string): Promise<void> {
    return this.sql.lock(name);
  }

  async saveVisit(v: Visit, day: string, externalId: string | null = null): Promise<void> {
    await this.sql.run(
      `INSERT INTO visits (id, branch, day, ticket, state, open, arrived_at, external_id, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, open = excluded.open, data = excluded.data`,
      [
        v.id,
        v.branch,
        day,
        v.ticket,
        v.state,
        v.endedAt === null ? 1 : 0,
        Date.parse(v.arrivedAt),
        externalId,
        JSON.stringify(v),
      ],
    );
  }

  /** Visits of a branch: the open ones, or all that arrived on a branch-local day. */
  async visits(branch: string, filter: { open: true } | { day: string }): Promise<Visit[]> {
    const rows =
      'open' in filter
        ? await this.sql.all<{ data: string }>(
            'SELECT data FROM visits WHERE branch = ? AND open = 1 ORDER BY arrived_at',
            [branch],
          )
        : await this.sql.all<{ data: string }>(
            'SELECT data FROM visits WHERE branch = ? AND day = ? ORDER BY arrived_at',
            [branch, filter.day],
          );
    // Rows saved before ratings existed have no `rating` field: they are unrated.
    return rows.map((r) => {
      const v = JSON.parse(r.data) as Visit;
      v.rating ??= null;
      return v;
    });
  }

  async hasExternal(branch: string, externalId: string): Promise<boolean> {
    return (
      (await this.sql.get('SELECT 1 AS one FROM visits WHERE branch = ? AND external_id = ?', [branch, externalId])) !==
      undefined
    );
  }

  async nextTicketNumber(branch: string, day: string, series: string): Promise<number> {
    const row = await this.sql.get<{ last: number }>(
      `INSERT INTO ticket_sequences (branch, day, series, last) VALUES (?, ?, ?, 1)
       ON CONFLICT(branch, day, series) DO UPDATE SET last = ticket_sequences.last + 1 RETURNING last`,
      [branch, day, series],
    );
    return Number(row!.last);
  }

  async storedReply(scope: IdempotencyScope): Promise<StoredReply | undefined> {
    const r = await this.sql.get<{ request_hash: string; status: number; response: string }>(
      'SELECT request_hash, status, response FROM idempotency WHERE branch = ? AND principal = ? AND key = ?',
      [scope.branch, scope.principal, scope.key],
    );
    return r && { requestHash: r.request_hash, status: r.status, response: JSON.parse(r.response) };
  }

  async storeReply(
    scope: IdempotencyScope,
    requestHash: string,
    status: number,
    response: unknown,
    now: number,
  ): Promise<void> {
    await this.sql.run(
      'INSERT INTO idempotency (branch, principal, key, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [scope.branch, scope.principal, scope.key, requestHash, status, JSON.stringify(response), now],
    );
  }

  /** The log's newest sequence number (0: empty): where a process's catch-up starts. */
  async lastSeq(): Promise<number> {
    const row = await this.sql.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM events');
    return Number(row?.seq ?? 0);
  }

  /**
   * The visits written after a sequence number, each once with its newest entry and whether it is open now:
   * how a process checks its cache against the shared log. A range of the primary key, so it costs what was
   * written since, whatever the size of the log or the number of branches.
   */
  async changedSince(seq: number): Promise<{ visitId: string; branch: string; seq: number; open: boolean }[]> {
    const rows = await this.sql.all<{ visit_id: string; branch: string; seq: number; open: number }>(
      `SELECT e.visit_id AS visit_id, e.branch AS branch, max(e.seq) AS seq, v.open AS open
       FROM events e JOIN visits v ON v.id = e.visit_id
       WHERE e.seq > ? GROUP BY e.visit_id, e.branch, v.open`,
      [seq],
    );
    return rows.map((r) => ({ visitId: r.visit_id, branch: r.branch, seq: Number(r.seq), open: Number(r.open) === 1 }));
  }
}
