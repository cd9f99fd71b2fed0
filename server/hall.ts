/**
 * The command path: validate against the visit's state, append to the log (durable before the reply),
 * fold, save the projections, then — once committed — record the visit in the open-visit cache and run the
 * after-commit steps (server/after-commit.ts) on what changed.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Config } from './config.ts';
import { AfterCommit, type Committed } from './after-commit.ts';
import { OpenVisits, maxSeq } from './open-visits.ts';
import type { EventLog, DraftEvent, IdempotencyScope } from './store/log.ts';
import { conflict, badRequest, notFound } from './errors.ts';
import { decide, type VisitCommand } from '../shared/commands.ts';
import { foldVisit, toVisit, type VisitFold } from '../shared/visit.ts';
import { boundReplay, disputedBy } from './replay.ts';
import { localDay, localInstant } from '../shared/time.ts';
import type { Actor, Visit, VisitEvent } from '../shared/types.ts';
import { ruleVersions } from '../shared/rules.ts';
import type { SpecialNeed } from '../shared/schemas.ts';
import { ratingRefusal, type RatingBody } from '../shared/rating.ts';

export interface Idempotency extends IdempotencyScope {
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
  provisionalTicket?: string;
  helpRequested?: true;
}

/**
 * A read model kept in the same transaction as each event (the report's visit summaries); `isNew`: the
 * visit's first write. Returns the branch-local days of the record the write touched, carried to the
 * after-commit steps (and returned by an import) so they can revise those days.
 */
export type Projection = (fold: VisitFold, isNew: boolean) => Promise<readonly string[]>;

/** What the hall works with besides its log: each defaults to a private one (the import tool needs no more). */
export interface HallSeams {
  open?: OpenVisits;
  afterCommit?: AfterCommit;
  /**
   * The ids of a visit's alerts that have fired (stored, so sent or about to be): a replay that would
   * undo a breach the hall was already told of is disputed (docs/rules.md §4). None: no disputes.
   */
  firedAlerts?: (visitId: string) => Promise<Set<string>>;
  /**
   * Issues a check-in's status link (server/status/links.ts) inside its transaction, so a replayed check-in
   * answers the same link; returns the path the reply carries as `statusUrl`. None: no link.
   */
  statusLink?: (visitId: string, branch: string, expiresAt: number) => Promise<string>;
}

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
  currentDay.set(timeZone, {
    day,
    start: localInstant(day, '00:00', timeZone),
    end: localInstant(day, '24:00', timeZone),
  });
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
  return createHash('sha256')
    .update(`${route}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

export class Hall {
  /** Open visits, folded, with their events: what the scheduler and the snapshots work from. */
  readonly open: OpenVisits;
  /** Read models kept in the same transaction as each event, in the order they are registered (app.ts). */
  readonly projections: Projection[] = [];
  private readonly afterCommit: AfterCommit;
  private readonly firedAlerts: (visitId: string) => Promise<Set<string>>;
  private readonly statusLink: HallSeams['statusLink'];

  constructor(
    readonly log: EventLog,
    readonly config: Config,
    readonly now: () => number,
    seams: HallSeams = {},
  ) {
    this.afterCommit = seams.afterCommit ?? new AfterCommit();
    this.open = seams.open ?? new OpenVisits(log, this.afterCommit);
    this.firedAlerts = seams.firedAlerts ?? (async () => new Set());
    this.statusLink = seams.statusLink;
  }

  visit(fold: VisitFold): Visit {
    return toVisit(fold, this.now());
  }

  async checkIn(branchId: string, body: CheckIn, actor: Actor, idem?: Idempotency): Promise<Reply> {
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
    // A replayed check-in of a day whose close has passed belongs to that day: closed at once as at its
    // close (docs/rules.md §4), never among today's waiting customers.
    const closedDay = closes <= now;
    // Every rule in force, whole: a later change of the configuration never rewrites this visit's clocks.
    const rules = ruleVersions(this.config.rules(branchId));
    return this.commit(idem, async (changes) => {
      const series = body.vip ? 'V' : line.prefix;
      const n = await this.log.nextTicketNumber(branchId, day, series);
      const draft: DraftEvent = {
        visitId: randomUUID(),
        branch: branchId,
        type: 'checked-in',
        occurredAt,
        actor,
        payload: {
          line: line.id,
          ticket: `${series}${String(n).padStart(3, '0')}`,
          // The customer holds the kiosk's offline number: it stays beside the ticket for every screen and call.
          ...(body.provisionalTicket ? { provisionalTicket: body.provisionalTicket } : {}),
          vip: body.vip ? { memberNo: body.vip.memberNo ?? null } : null,
          // Asking for help is a special need like the others, so the special-needs rules start by the same path.
          specialNeeds: [...new Set([...(body.specialNeeds ?? []), ...(body.helpRequested ? ['assistance'] : [])])],
          ...(body.helpRequested ? { helpRequested: true } : {}),
          rules,
        },
        idempotencyKey: idem?.key ?? null,
      };
      // The customer's own link lives until this day's close (DESIGN §9).
      const statusUrl = await this.statusLink?.(draft.visitId, branchId, closes);
      const extra = statusUrl === undefined ? {} : { statusUrl };
      if (!closedDay) return { status: 201, fold: await this.append([], draft, changes), extra };
      const close: DraftEvent = {
        visitId: draft.visitId,
        branch: branchId,
        type: 'closed',
        occurredAt: closes,
        actor: { type: 'system', id: 'close-of-day' },
        payload: { reason: 'left-at-close', lateCheckIn: true },
      };
      return { status: 201, fold: await this.append([], [draft, close], changes), extra };
    });
  }

  async act(
    branchId: string,
    visitId: string,
    cmd: VisitCommand,
    actor: Actor,
    occurredAtText?: string,
    idem?: Idempotency,
  ): Promise<Reply> {
    const branch = this.config.branch(branchId);
    if (!branch) throw notFound('unknown-branch', `no branch "${branchId}"`);
    const now = this.now();
    const occurredAt = this.occurredAt(occurredAtText, now);
    return this.commit(idem, async (changes) => {
      // Two tablets greeting at once, on two processes: the second decides on the first one's event.
      await this.log.lock(`visit:${visitId}`);
      const all = await this.eventsOf(branchId, visitId);
      const fold = foldVisit(all);
      if (!fold) throw notFound('unknown-visit', `no visit "${visitId}" in branch ${branchId}`);
      if (occurredAtText !== undefined) boundReplay(fold, occurredAt);
      const decision = decide(fold, cmd, actor, {
        lines: branch.lines.map((l) => l.id),
        counters: branch.counters,
        staff: this.config.staff.filter((s) => s.branch === branchId).map((s) => s.id),
        rules: ruleVersions(this.config.rules(branchId)),
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
      const disputes = await disputedBy(fold, all, draft, now, this.firedAlerts);
      if (disputes.length > 0) draft.payload = { ...draft.payload, disputes };
      return { status: 200, fold: await this.append(all, draft, changes) };
    });
  }

  /**
   * The customer's rating of a completed visit, once (DESIGN §9): 409 `already-rated` or `not-served`
   * otherwise. From the customer's own link it is `via: phone`; from a staff member's tablet, `counter`.
   */
  async rate(branchId: string, visitId: string, body: RatingBody, actor: Actor, idem?: Idempotency): Promise<Reply> {
    if (!this.config.branch(branchId)) throw notFound('unknown-branch', `no branch "${branchId}"`);
    return this.commit(idem, async (changes) => {
      await this.log.lock(`visit:${visitId}`);
      const all = await this.eventsOf(branchId, visitId);
      const fold = foldVisit(all);
      if (!fold) throw notFound('unknown-visit', `no visit "${visitId}" in branch ${branchId}`);
      const no = ratingRefusal(fold);
      if (no) throw conflict(no.code, no.message);
      const draft: DraftEvent = {
        visitId,
        branch: branchId,
        type: 'rated',
        occurredAt: this.now(),
        actor,
        payload: { ...body, via: actor.type === 'customer' ? 'phone' : 'counter' },
        idempotencyKey: idem?.key ?? null,
      };
      return { status: 201, fold: await this.append(all, draft, changes) };
    });
  }

  /** A visit with every event in its log (voided ones too) and its rule outcomes now. */
  async details(branchId: string, visitId: string): Promise<{ visit: Visit; events: VisitEvent[] }> {
    const events = await this.eventsOf(branchId, visitId);
    const fold = foldVisit(events);
    if (!fold) throw notFound('unknown-visit', `no visit "${visitId}" in branch ${branchId}`);
    return { visit: this.visit(fold), events };
  }

  /**
   * Makes this process follow a branch before its open visits are read here (server/open-visits.ts): a
   * cluster process keeps only the branches it owns or serves. Settles at once when everything is kept.
   */
  follow(branchId: string): Promise<void> {
    return this.open.follow(branchId);
  }

  /** Open visits of a branch, refreshed to now (their outcomes move with time); followed first (`follow`). */
  openVisits(branchId: string): Visit[] {
    return this.open.visits(branchId, this.now());
  }

  /**
   * Appends a closing event written by the system (close of day), outside any HTTP request; nothing
   * when the visit has ended meanwhile (closed by another process, or by a tablet).
   */
  async appendSystem(draft: DraftEvent): Promise<VisitFold | null> {
    const changes: Committed[] = [];
    const fold = await this.log.transaction(async () => {
      await this.log.lock(`visit:${draft.visitId}`);
      const events = await this.log.eventsOf(draft.visitId);
      if (foldVisit(events)?.endedAt !== null) return null;
      return this.append(events, draft, changes);
    });
    await this.publish(changes);
    return fold;
  }

  /**
   * Writes a past visit recorded elsewhere (import), inside the caller's transaction. History keeps its
   * times: no opening hours, no close of day, no live ticket sequence, no live push (it has ended).
   * Returns the visit and the days of the record it touched (the caller revises those it froze).
   */
  async importVisit(drafts: DraftEvent[], externalId: string): Promise<{ fold: VisitFold; days: string[] }> {
    const events: VisitEvent[] = [];
    for (const d of drafts) events.push(await this.log.append(d, this.now()));
    const fold = foldVisit(events);
    if (!fold) throw badRequest('invalid', 'an imported visit needs a check-in');
    const day = localDay(fold.arrivedAt, this.config.branch(fold.branch)?.timeZone ?? 'Asia/Shanghai');
    await this.log.saveVisit(toVisit(fold, this.now()), day, externalId);
    return { fold, days: await this.project(fold, true) };
  }

  private async eventsOf(branchId: string, visitId: string): Promise<VisitEvent[]> {
    const events = await this.log.eventsOf(visitId);
    if (events.length === 0 || events[0]!.branch !== branchId) {
      throw notFound('unknown-visit', `no visit "${visitId}" in branch ${branchId}`);
    }
    return events;
  }

  private occurredAt(text: string | undefined, now: number): number {
    if (text === undefined) return now;
    const t = Date.parse(text);
    if (t > now + MAX_FUTURE_MS) {
      throw conflict(
        'occurred-after-receipt',
        `occurredAt: ${text} is more than ${MAX_FUTURE_MS / 1000} s after the server's clock`,
      );
    }
    if (t < now - MAX_REPLAY_AGE_MS)
      throw badRequest('stale-time', 'occurredAt: is more than 7 days old', 'occurredAt');
    return t;
  }

  /** Appends events inside the caller's transaction, folds and saves the visit: one change, however many. */
  private async append(
    previous: VisitEvent[],
    drafts: DraftEvent | DraftEvent[],
    changes: Committed[],
  ): Promise<VisitFold> {
    const appended: VisitEvent[] = [];
    for (const d of Array.isArray(drafts) ? drafts : [drafts]) appended.push(await this.log.append(d, this.now()));
    const history = [...previous, ...appended];
    const fold = foldVisit(history)!;
    const branch = this.config.branch(fold.branch);
    const day = dayOf(fold.arrivedAt, branch?.timeZone ?? 'Asia/Shanghai');
    await this.log.saveVisit(toVisit(fold, this.now()), day);
    const days = await this.project(fold, previous.length === 0);
    changes.push({ fold, appended, history, remote: false, days });
    return fold;
  }

  /** Runs the projections on a write; the days they touched, sorted. */
  private async project(fold: VisitFold, isNew: boolean): Promise<string[]> {
    const days = new Set<string>();
    for (const project of this.projections) for (const d of await project(fold, isNew)) days.add(d);
    return [...days].sort();
  }

  /**
   * Runs a write in one transaction behind its idempotency key, then — only once it is committed —
   * updates the open-visit cache and runs the after-commit steps. The store commits concurrent commands together
   * where it can (SQLite's group commit), so each is answered after that one commit.
   */
  private async commit(
    idem: Idempotency | undefined,
    write: (changes: Committed[]) => Promise<{ status: number; fold: VisitFold; extra?: Record<string, unknown> }>,
  ): Promise<Reply> {
    const changes: Committed[] = [];
    const reply = await this.log.transaction(async (): Promise<Reply> => {
      if (idem) {
        // The same key sent to two processes at once: the second waits here, then finds the first's reply.
        await this.log.lock(`idempotency:${idem.branch}:${idem.principal}:${idem.key}`);
        const stored = await this.log.storedReply(idem);
        if (stored) {
          if (stored.requestHash !== idem.requestHash) {
            throw conflict('idempotency-key-reused', 'this Idempotency-Key was already used for a different request');
          }
          return { status: stored.status, body: stored.response };
        }
      }
      const { status, fold, extra } = await write(changes);
      const body = { visit: toVisit(fold, this.now()), ...extra };
      if (idem) await this.log.storeReply(idem, idem.requestHash, status, body, this.now());
      return { status, body };
    });
    await this.publish(changes);
    return reply;
  }

  /** Committed: each visit is recorded as it now stands, then the after-commit steps run on it. */
  private async publish(changes: Committed[]): Promise<void> {
    for (const change of changes) {
      this.open.remember(change.fold, maxSeq(change.appended));
      await this.afterCommit.run(change);
    }
  }
}
