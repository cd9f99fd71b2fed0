/**
 * The command path: validate against the visit's state, append to the log (durable before the reply),
 * fold, save the projection, then tell listeners (scheduler, sockets) what changed.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Config } from './config.ts';
import type { EventLog, DraftEvent } from './store/log.ts';
import { conflict, badRequest, notFound } from './errors.ts';
import { decide, type VisitCommand } from '../shared/commands.ts';
import { foldVisit, toVisit, type VisitFold } from '../shared/visit.ts';
import { localDay, localInstant } from '../shared/time.ts';
import type { Actor, RuleVersion, Visit, VisitEvent } from '../shared/types.ts';
import type { RuleId } from '../shared/rules.ts';
import type { SpecialNeed } from '../shared/schemas.ts';

export interface Idempotency {
  key: string;
  /** Hash of what the request asked for: the same key with another request is refused. */
  requestHash: string;
}

export interface Reply {
  status: number;
  body: unknown;
}

export interface CheckIn {
  line: string;
  vip?: { memberNo?: string } | null;
  specialNeeds?: SpecialNeed[];
  occurredAt?: string;
}

export type ChangeListener = (fold: VisitFold, appended: VisitEvent[]) => void;

/** How far a device's replayed time may lie from the server's clock. */
const MAX_FUTURE_MS = 60_000;
const MAX_REPLAY_AGE_MS = 7 * 24 * 3600_000;

/**
 * Time-zone arithmetic (date-fns tz) cost a fifth of a check-in's CPU, and a hall's check-ins all fall
 * on the same few days: remember each zone's current day and its bounds, and the opening instants.
 */
const currentDay = new Map<string, { day: string; start: number; end: number }>();
function dayOf(ms: number, timeZone: string): string {
  const c = currentDay.get(timeZone);
  if (c && ms >= c.start && ms < c.end) return c.day;
  const day = localDay(ms, timeZone);
  currentDay.set(timeZone, { day, start: localInstant(day, '00:00', timeZone), end: localInstant(day, '24:00', timeZone) });
  return day;
}
const instants = new Map<string, number>();
function instantOf(day: string, hhmm: string, timeZone: string): number {
  const key = `${timeZone} ${day} ${hhmm}`;
  let at = instants.get(key);
  if (at === undefined) {
    if (instants.size > 10_000) instants.clear();
    at = localInstant(day, hhmm, timeZone);
    instants.set(key, at);
  }
  return at;
}

export function requestHash(route: string, body: unknown): string {
  return createHash('sha256').update(`${route}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

export class Hall {
  /** Open visits, folded, with their events: what the scheduler and the snapshots work from. */
  readonly open = new Map<string, VisitFold>();
  /** Read models kept in the same transaction as each event (the report's visit summaries). */
  readonly projections: ((fold: VisitFold) => void)[] = [];
  private readonly listeners: ChangeListener[] = [];

  constructor(
    readonly log: EventLog,
    readonly config: Config,
    readonly now: () => number,
  ) {
    for (const events of log.openVisitEvents().values()) {
      const fold = foldVisit(events);
      if (fold) this.open.set(fold.id, fold);
    }
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  visit(fold: VisitFold): Visit {
    return toVisit(fold, this.now());
  }

  checkIn(branchId: string, body: CheckIn, actor: Actor, idem?: Idempotency): Reply {
    const branch = this.config.branch(branchId);
    if (!branch) throw notFound('unknown-branch', `no branch "${branchId}"`);
    const line = branch.lines.find((l) => l.id === body.line);
    if (!line) throw badRequest('unknown-line', `line: no business line "${body.line}" in this branch`, 'line');
    const now = this.now();
    const occurredAt = this.occurredAt(body.occurredAt, now);
    const day = dayOf(occurredAt, branch.timeZone);
    const opens = instantOf(day, branch.opens, branch.timeZone);
    const closes = instantOf(day, branch.closes, branch.timeZone);
    if (occurredAt < opens || occurredAt >= closes) {
      throw conflict('hall-closed', `the hall is open ${branch.opens}–${branch.closes} (${branch.timeZone})`);
    }
    const rules = this.config.rules(branchId);
    const version = (id: RuleId): RuleVersion => {
      const r = rules[id];
      return { targetSeconds: r.targetSeconds, warnAt: r.warnAt, ...(r.qualifies ? { qualifies: r.qualifies } : {}) };
    };
    return this.commit(idem, () => {
      const series = body.vip ? 'V' : line.prefix;
      const n = this.log.nextTicketNumber(branchId, day, series);
      const draft: DraftEvent = {
        visitId: randomUUID(),
        branch: branchId,
        type: 'checked-in',
        occurredAt,
        actor,
        payload: {
          line: line.id,
          ticket: `${series}${String(n).padStart(3, '0')}`,
          vip: body.vip ? { memberNo: body.vip.memberNo ?? null } : null,
          specialNeeds: [...new Set(body.specialNeeds ?? [])],
          rules: { reception: version('reception'), 'vip-reception': version('vip-reception') },
        },
        idempotencyKey: idem?.key ?? null,
      };
      return { status: 201, fold: this.append([], draft) };
    });
  }

  /** `checkIn` through the group commit (see `grouped`): for the HTTP route, where many arrive at once. */
  checkInGrouped(branchId: string, body: CheckIn, actor: Actor, idem?: Idempotency): Promise<Reply> {
    return this.grouped(() => this.checkIn(branchId, body, actor, idem));
  }

  /** `act` through the group commit (see `grouped`). */
  actGrouped(branchId: string, visitId: string, cmd: VisitCommand, actor: Actor, occurredAtText?: string, idem?: Idempotency): Promise<Reply> {
    return this.grouped(() => this.act(branchId, visitId, cmd, actor, occurredAtText, idem));
  }

  act(branchId: string, visitId: string, cmd: VisitCommand, actor: Actor, occurredAtText?: string, idem?: Idempotency): Reply {
    const branch = this.config.branch(branchId);
    if (!branch) throw notFound('unknown-branch', `no branch "${branchId}"`);
    const occurredAt = this.occurredAt(occurredAtText, this.now());
    return this.commit(idem, () => {
      const all = this.eventsOf(branchId, visitId);
      const fold = foldVisit(all);
      if (!fold) throw notFound('unknown-visit', `no visit "${visitId}" in branch ${branchId}`);
      const decision = decide(fold, cmd, actor, {
        lines: branch.lines.map((l) => l.id),
        counters: branch.counters,
        staff: this.config.staff.filter((s) => s.branch === branchId).map((s) => s.id),
        vipRule: this.config.rules(branchId)['vip-reception'],
      });
      if (!decision.ok) throw conflict(decision.code, decision.message);
      const draft: DraftEvent = {
        visitId,
        branch: branchId,
        type: decision.type,
        occurredAt,
        actor,
        payload: decision.payload,
        idempotencyKey: idem?.key ?? null,
      };
      return { status: 200, fold: this.append(all, draft) };
    });
  }

  /** A visit with every event in its log (voided ones too) and its rule outcomes now. */
  details(branchId: string, visitId: string): { visit: Visit; events: VisitEvent[] } {
    const events = this.eventsOf(branchId, visitId);
    const fold = foldVisit(events);
    if (!fold) throw notFound('unknown-visit', `no visit "${visitId}" in branch ${branchId}`);
    return { visit: this.visit(fold), events };
  }

  /** Open visits of a branch, refreshed to now (their outcomes move with time). */
  openVisits(branchId: string): Visit[] {
    const now = this.now();
    return [...this.open.values()].filter((f) => f.branch === branchId).map((f) => toVisit(f, now));
  }

  /** Appends a closing event written by the system (close of day), outside any HTTP request. */
  appendSystem(draft: DraftEvent): VisitFold {
    this.pending = [];
    const fold = this.log.transaction(() => this.append(this.log.eventsOf(draft.visitId), draft));
    this.flush();
    return fold;
  }

  /**
   * Writes a past visit recorded elsewhere (import), inside the caller's transaction. History keeps its
   * times: no opening hours, no close of day, no live ticket sequence, no live push (it has ended).
   */
  importVisit(drafts: DraftEvent[], externalId: string): VisitFold {
    const events = drafts.map((d) => this.log.append(d, this.now()));
    const fold = foldVisit(events);
    if (!fold) throw badRequest('invalid', 'an imported visit needs a check-in');
    const day = localDay(fold.arrivedAt, this.config.branch(fold.branch)?.timeZone ?? 'Asia/Shanghai');
    this.log.saveVisit(toVisit(fold, this.now()), day, externalId);
    for (const project of this.projections) project(fold);
    return fold;
  }

  private eventsOf(branchId: string, visitId: string): VisitEvent[] {
    const events = this.log.eventsOf(visitId);
    if (events.length === 0 || events[0]!.branch !== branchId) {
      throw notFound('unknown-visit', `no visit "${visitId}" in branch ${branchId}`);
    }
    return events;
  }

  private occurredAt(text: string | undefined, now: number): number {
    if (text === undefined) return now;
    const t = Date.parse(text);
    if (t > now + MAX_FUTURE_MS) throw badRequest('future-time', 'occurredAt: lies in the future', 'occurredAt');
    if (t < now - MAX_REPLAY_AGE_MS) throw badRequest('stale-time', 'occurredAt: is more than 7 days old', 'occurredAt');
    return t;
  }

  /** Appends one event inside the caller's transaction, folds and saves the visit. */
  private append(previous: VisitEvent[], draft: DraftEvent): VisitFold {
    const event = this.log.append(draft, this.now());
    const fold = foldVisit([...previous, event])!;
    const branch = this.config.branch(fold.branch);
    const day = dayOf(fold.arrivedAt, branch?.timeZone ?? 'Asia/Shanghai');
    this.log.saveVisit(toVisit(fold, this.now()), day);
    for (const project of this.projections) project(fold);
    this.pending.push([fold, [event]]);
    return fold;
  }

  private pending: [VisitFold, VisitEvent[]][] = [];

  /**
   * Runs a write in one transaction behind its idempotency key, then — only once it is committed —
   * updates the open-visit cache and tells the listeners.
   */
  private commit(idem: Idempotency | undefined, write: () => { status: number; fold: VisitFold }): Reply {
    if (!this.grouping) this.pending = [];
    const mark = this.pending.length;
    let reply: Reply;
    try {
      reply = this.log.transaction(() => {
        if (idem) {
          const stored = this.log.storedReply(idem.key);
          if (stored) {
            if (stored.requestHash !== idem.requestHash) {
              throw conflict('idempotency-key-reused', 'this Idempotency-Key was already used for a different request');
            }
            return { status: stored.status, body: stored.response, replayed: true };
          }
        }
        const { status, fold } = write();
        const body = { visit: toVisit(fold, this.now()) };
        if (idem) this.log.storeReply(idem.key, idem.requestHash, status, body, this.now());
        return { status, body };
      });
    } catch (e) {
      this.pending.length = mark;
      throw e;
    }
    // Inside a group the command is only a savepoint so far: the group publishes after its commit.
    if (!this.grouping) this.flush();
    return { status: reply.status, body: reply.body };
  }

  private queue: { run: () => Reply; resolve: (r: Reply) => void; reject: (e: unknown) => void }[] = [];
  private grouping = false;

  /**
   * Group commit: the commands that arrive in one turn of the event loop run one after another, each in
   * its own savepoint (a refused command undoes only itself), inside ONE transaction, so one fsync makes
   * them all durable. Each is answered only after that commit, as before — one fsync per check-in was
   * what bounded the check-in rate (BENCHMARKS.md).
   */
  private grouped(run: () => Reply): Promise<Reply> {
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.commitGroup());
      this.queue.push({ run, resolve, reject });
    });
  }

  private commitGroup(): void {
    const batch = this.queue;
    this.queue = [];
    const results: ({ ok: true; reply: Reply } | { ok: false; error: unknown })[] = [];
    this.pending = [];
    this.grouping = true;
    try {
      this.log.transaction(() => {
        for (const item of batch) {
          try {
            results.push({ ok: true, reply: item.run() });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed: nothing of the group is on disk, so every command fails.
      this.pending = [];
      for (const item of batch) item.reject(error);
      return;
    } finally {
      this.grouping = false;
    }
    this.flush();
    batch.forEach((item, i) => {
      const r = results[i]!;
      if (r.ok) item.resolve(r.reply);
      else item.reject(r.error);
    });
  }

  private publish(fold: VisitFold, events: VisitEvent[]): void {
    if (fold.endedAt === null) this.open.set(fold.id, fold);
    else this.open.delete(fold.id);
    for (const l of this.listeners) l(fold, events);
  }

  private flush(): void {
    const changes = this.pending;
    this.pending = [];
    for (const [fold, events] of changes) this.publish(fold, events);
  }
}
