/**
 * The pure core: a visit's state and its rule outcomes as functions of (its events, now).
 * Nothing here reads a clock, a database or a socket (docs/rules.md §2, docs/architecture.md).
 */
import {
  CLOCK_STARTS,
  CLOCK_STOPS,
  applies,
  carriedVersions,
  type RuleId,
  type RuleVersion,
  type StaffRole,
} from './rules.ts';
import type { RatingVia } from './rating.ts';
import type { Actor, RuleClock, RuleOutcome, Visit, VisitEvent, VisitState } from './types.ts';
import { OPEN_STATES } from './types.ts';

/** One rule's clock for one visit, in epoch ms. */
export interface Clock {
  id: RuleId;
  start: number;
  due: number;
  stop: number | null;
  stoppedBy: string | null;
  version: RuleVersion;
  /**
   * When the replayed stop or end that would have kept this clock from breaching reached the server, if
   * its breach alert had gone out already and no manager has confirmed the replay (docs/rules.md §4): the clock
   * counts as breached meanwhile. Null: not disputed.
   */
  disputedAt: number | null;
}

/** A visit folded from its events; times in epoch ms. */
export interface VisitFold {
  id: string;
  branch: string;
  ticket: string;
  provisionalTicket: string | null;
  line: string;
  vip: boolean;
  memberNo: string | null;
  vipIdentifiedAt: number | null;
  specialNeeds: string[];
  helpRequested: boolean;
  arrivedAt: number;
  greetedAt: number | null;
  greetedBy: string | null;
  owner: string | null;
  counter: string | null;
  calledAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  state: VisitState;
  imported: boolean;
  clocks: Clock[];
  /** The customer's rating, given after the visit ended (`at` epoch ms); null until then. */
  rating: FoldedRating | null;
  /** Events that count (not voided by a correction), in the order they happened. */
  events: VisitEvent[];
}

export interface FoldedRating {
  score: number;
  tags: string[];
  comment: string | null;
  at: number;
  via: RatingVia;
}

const END_STATE: Partial<Record<string, VisitState>> = {
  completed: 'completed',
  left: 'left',
  'no-show': 'no-show',
  cancelled: 'cancelled',
  closed: 'closed',
};

export function isOpen(state: VisitState): boolean {
  return OPEN_STATES.includes(state);
}

/** Events in the order they happened; the log position breaks ties. */
function byOccurrence(a: VisitEvent, b: VisitEvent): number {
  return a.occurredAt - b.occurredAt || a.seq - b.seq;
}

/** Does this actor hold one of the roles a rule asks for? (Absent `qualifies`: anyone.) */
export function qualifies(actor: Actor, roles: StaffRole[] | undefined): boolean {
  if (!roles || roles.length === 0) return true;
  return (actor.roles ?? []).some((r) => roles.includes(r));
}

/** Events in the order the server received them (the log's order). */
function byReceipt(a: VisitEvent, b: VisitEvent): number {
  return a.seq - b.seq;
}

/** The rules whose replayed stop or end a device's event disputes (stored with the event by the server). */
function disputesOf(e: VisitEvent | undefined): readonly string[] {
  const d = e?.payload.disputes;
  return Array.isArray(d) ? (d as string[]) : [];
}

/** Folds a visit's events (any order) into its state. Returns null when there is no valid check-in. */
export function foldVisit(all: readonly VisitEvent[]): VisitFold | null {
  const voided = new Set<number>();
  for (const e of all) {
    if (e.type === 'corrected' && typeof e.payload.eventId === 'number') voided.add(e.payload.eventId);
  }
  const events = all.filter((e) => !voided.has(e.seq) && e.type !== 'corrected').sort(byOccurrence);
  // A confirmation comes after the visit ended (that is when disputes are found), so it is read apart.
  const confirmed = new Set(events.filter((e) => e.type === 'replay-confirmed').map((e) => e.payload.rule as string));
  const checkIn = events.find((e) => e.type === 'checked-in');
  if (!checkIn) return null;
  const p = checkIn.payload as {
    line: string;
    ticket: string;
    provisionalTicket?: string | null;
    vip?: { memberNo?: string | null } | null;
    specialNeeds?: string[];
    helpRequested?: boolean;
    imported?: boolean;
  };
  const v: VisitFold = {
    id: checkIn.visitId,
    branch: checkIn.branch,
    ticket: p.ticket,
    provisionalTicket: p.provisionalTicket ?? null,
    line: p.line,
    vip: Boolean(p.vip),
    memberNo: p.vip?.memberNo ?? null,
    vipIdentifiedAt: p.vip ? checkIn.occurredAt : null,
    specialNeeds: p.specialNeeds ?? [],
    helpRequested: p.helpRequested === true,
    arrivedAt: checkIn.occurredAt,
    greetedAt: null,
    greetedBy: null,
    owner: null,
    counter: null,
    calledAt: null,
    startedAt: null,
    endedAt: null,
    state: 'waiting',
    imported: Boolean(p.imported),
    clocks: [],
    rating: null,
    events,
  };
  // Every rule the visit was checked in under; each clock starts (or is decided against) once.
  const pending = carriedVersions(checkIn.payload);
  const started = new Map<RuleId, { start: number; version: RuleVersion }>();
  const order = [...pending.keys()];
  let endEvent: VisitEvent | undefined;

  for (const e of events) {
    if (v.endedAt !== null) break; // nothing counts after the visit ended
    const q = e.payload;
    switch (e.type) {
      case 'vip-identified':
        if (v.vipIdentifiedAt === null) {
          v.vip = true;
          v.vipIdentifiedAt = e.occurredAt;
          v.memberNo = (q.memberNo as string | undefined) ?? v.memberNo;
        } else continue; // identified once: a second identification starts nothing
        break;
      case 'help-requested':
        // Clocks that start at arrival were decided at check-in; this flags the visit for every tablet.
        v.helpRequested = true;
        if (!v.specialNeeds.includes('assistance')) v.specialNeeds = [...v.specialNeeds, 'assistance'];
        break;
      case 'greeted':
        if (v.greetedAt === null) {
          v.greetedAt = e.occurredAt;
          v.greetedBy = e.actor.id;
        }
        break;
      case 'line-corrected':
        v.line = q.line as string;
        break;
      case 'called':
        v.state = 'called';
        v.counter = q.counter as string;
        v.calledAt = e.occurredAt;
        break;
      case 'recalled':
        v.calledAt = e.occurredAt;
        break;
      case 'service-started':
        v.state = 'serving';
        v.startedAt = e.occurredAt;
        if (typeof q.counter === 'string') v.counter = q.counter;
        break;
      case 'transferred':
        if (typeof q.toLine === 'string') v.line = q.toLine;
        break;
      default: {
        const end = END_STATE[e.type];
        if (end) {
          v.state = end;
          v.endedAt = e.occurredAt;
          endEvent = e;
        }
      }
    }
    startClocks(e, v, pending, started, order);
  }
  v.owner = ownerOf(events, v.endedAt);
  // A rating, like a confirmation, comes after the visit ended: read apart from the loop that stops there.
  v.rating = ratingOf(events.find((e) => e.type === 'rated'));

  const stops = events.filter((e) => v.endedAt === null || e.occurredAt <= v.endedAt);
  for (const id of order) {
    const s = started.get(id);
    if (s) v.clocks.push(clockFor(id, s.start, s.version, stops, endEvent, confirmed));
  }
  return v;
}

function ratingOf(e: VisitEvent | undefined): FoldedRating | null {
  if (!e) return null;
  const q = e.payload as { score: number; tags?: string[]; comment?: string | null; via: RatingVia };
  return { score: q.score, tags: q.tags ?? [], comment: q.comment ?? null, at: e.occurredAt, via: q.via };
}

/**
 * The clocks this event starts: each pending rule whose start kind it is, if the rule applies to the visit
 * as it stands now (docs/rules.md §6: decided when the clock would start). A rule is decided once either way.
 * An event may carry the versions in force when it happened (a VIP identified later).
 */
function startClocks(
  e: VisitEvent,
  v: VisitFold,
  pending: Map<RuleId, RuleVersion>,
  started: Map<RuleId, { start: number; version: RuleVersion }>,
  order: RuleId[],
): void {
  const carried = e.type === 'checked-in' ? undefined : carriedVersions(e.payload);
  for (const id of carried?.keys() ?? [])
    if (!pending.has(id) && !started.has(id) && !order.includes(id)) {
      pending.set(id, carried!.get(id)!);
      order.push(id);
    }
  for (const [id, stored] of [...pending]) {
    if (!CLOCK_STARTS[stored.startsOn].startsAt(e)) continue;
    pending.delete(id);
    const version = carried?.get(id) ?? stored;
    if (version.startsOn === stored.startsOn && applies(version.appliesTo, v)) {
      started.set(id, { start: e.occurredAt, version });
    }
  }
}

/**
 * 首问负责制 in the order the server RECEIVED the events, not the order they say they happened: a
 * greeting replayed with an earlier time must not take the customer from the colleague who already owns
 * them — only an explicit transfer does (docs/rules.md §1).
 */
function ownerOf(events: readonly VisitEvent[], endedAt: number | null): string | null {
  let owner: string | null = null;
  for (const e of [...events].sort(byReceipt)) {
    if (endedAt !== null && e.occurredAt > endedAt) continue;
    if (e.type === 'greeted') owner ??= e.actor.id;
    else if (e.type === 'called' || e.type === 'service-started')
      owner ??= e.actor.type === 'staff' ? e.actor.id : null;
    else if (e.type === 'transferred' && typeof e.payload.toStaff === 'string') owner = e.payload.toStaff;
  }
  return owner;
}

function clockFor(
  id: RuleId,
  start: number,
  version: RuleVersion,
  stops: VisitEvent[],
  endEvent: VisitEvent | undefined,
  confirmed: ReadonlySet<string>,
): Clock {
  const stopsOn: readonly string[] = CLOCK_STOPS[version.stopsOn];
  const earlier = CLOCK_STARTS[version.startsOn].earlierStopsCount;
  const stopper = stops.find(
    (e) => stopsOn.includes(e.type) && (earlier || e.occurredAt >= start) && qualifies(e.actor, version.qualifies),
  );
  // The event that decided the clock (its stop, or else the visit's end) may carry a dispute of it.
  const decider = stopper ?? endEvent;
  const disputed = decider !== undefined && disputesOf(decider).includes(id) && !confirmed.has(id);
  return {
    id,
    start,
    due: start + version.targetSeconds * 1000,
    stop: stopper ? Math.max(stopper.occurredAt, start) : null,
    stoppedBy: stopper ? stopper.actor.id : null,
    version,
    disputedAt: disputed ? decider.recordedAt : null,
  };
}

/** docs/rules.md §2: running, met, breached or excluded — exactly, with `now` given. */
export function outcomeOf(clock: Clock, endedAt: number | null, now: number): RuleOutcome {
  // A disputed replay does not undo a breach the hall was told of, until a manager confirms it.
  if (clock.disputedAt !== null) return 'breached';
  if (clock.stop !== null) return clock.stop - clock.start <= clock.version.targetSeconds * 1000 ? 'met' : 'breached';
  if (endedAt !== null) return endedAt <= clock.due ? 'excluded' : 'breached';
  return now <= clock.due ? 'running' : 'breached';
}

/** A clock that has not stopped and whose visit has not ended still needs someone to act. */
export function isClockOpen(clock: Clock, fold: VisitFold): boolean {
  return clock.stop === null && fold.endedAt === null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Keeps the last four digits of a member number: enough for staff to confirm, useless to anyone else. */
export function maskMemberNo(memberNo: string | null): string | null {
  if (!memberNo) return null;
  return memberNo.length <= 4 ? '*'.repeat(memberNo.length) : '*'.repeat(memberNo.length - 4) + memberNo.slice(-4);
}

/** The visit as the API and the pages see it. */
export function toVisit(v: VisitFold, now: number): Visit {
  return {
    id: v.id,
    branch: v.branch,
    ticket: v.ticket,
    provisionalTicket: v.provisionalTicket,
    line: v.line,
    vip: v.vip,
    memberNo: maskMemberNo(v.memberNo),
    vipIdentifiedAt: iso(v.vipIdentifiedAt),
    specialNeeds: v.specialNeeds,
    ...(v.helpRequested ? { helpRequested: true as const } : {}),
    arrivedAt: iso(v.arrivedAt)!,
    greetedAt: iso(v.greetedAt),
    greetedBy: v.greetedBy,
    owner: v.owner,
    counter: v.counter,
    calledAt: iso(v.calledAt),
    startedAt: iso(v.startedAt),
    endedAt: iso(v.endedAt),
    state: v.state,
    imported: v.imported,
    rules: v.clocks.map((c): RuleClock => ({
      id: c.id,
      startedAt: iso(c.start)!,
      dueAt: iso(c.due)!,
      stoppedAt: iso(c.stop),
      stoppedBy: c.stoppedBy,
      outcome: outcomeOf(c, v.endedAt, now),
      targetSeconds: c.version.targetSeconds,
      warnAt: c.version.warnAt,
      stopsOn: c.version.stopsOn,
      ...(c.version.qualifies ? { qualifies: c.version.qualifies } : {}),
      ...(c.version.name ? { name: c.version.name } : {}),
      ...(c.disputedAt !== null ? { disputed: true as const } : {}),
    })),
    rating: v.rating && { ...v.rating, at: iso(v.rating.at)! },
  };
}

/** The instants at which a clock's warnings and breach fall due, in order. */
export interface AlertInstant {
  kind: 'warning' | 'breach';
  at: number;
  key: string;
}

export function alertInstants(clock: Clock): AlertInstant[] {
  const target = clock.version.targetSeconds * 1000;
  const out: AlertInstant[] = clock.version.warnAt
    .filter((f) => f > 0 && f < 1)
    .map((f) => ({ kind: 'warning', at: clock.start + Math.round(f * target), key: `warning@${f}` }));
  out.push({ kind: 'breach', at: clock.due, key: 'breach' });
  return out.sort((a, b) => a.at - b.at);
}
