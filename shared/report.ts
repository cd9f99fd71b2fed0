/**
 * The end-of-day report as a pure function of visit summaries and `now` (docs/rules.md §2–3, exactly):
 * a rule's day is the branch-local day of the rule's START; eligible = met + breached + excluded
 * (+ running while the day is open); compliance = met / (met + breached) kept as an exact fraction,
 * null when met + breached = 0; time to greet over stopped clocks with nearest-rank percentiles.
 * No SQLite, no DOM, no clock: the server and the page both import it.
 */
import type { RuleNaming } from './i18n/rule-names.ts';
import { localDay, localHour } from './time.ts';
import type { RuleOutcome } from './types.ts';
import type { VisitFold } from './visit.ts';
import { ReportTally } from './report-tally.ts';
import type { RatingSummary, Satisfaction } from './report-satisfaction.ts';

/** One rule's clock for one visit, reduced to what the report needs (epoch ms). */
export interface ClockSummary {
  /** The rule's id: a built-in or any rule a branch configured. */
  rule: string;
  /** Branch-local day and hour of the clock's start: the report day it belongs to. */
  day: string;
  hour: number;
  start: number;
  due: number;
  stop: number | null;
  stoppedBy: string | null;
  /** When a disputed replay of this clock reached the server (counted breached until confirmed); absent: none. */
  disputedAt?: number | null;
  /** The rule's configured name as the version the clock started under carried it; absent: none. */
  name?: { zh: string; en: string } | null;
}

/** One visit, reduced to what the report needs; stored beside every event so ranges need no refold. */
export interface VisitSummary {
  id: string;
  ticket: string;
  line: string;
  /** Branch-local day and hour of the arrival. */
  day: string;
  hour: number;
  arrivedAt: number;
  endedAt: number | null;
  vip: boolean;
  /** Identified as a VIP after checking in (at the desk rather than the kiosk). */
  vipLater: boolean;
  specialNeeds: string[];
  owner: string | null;
  /** Staff members who handed the customer on (one entry per transfer of ownership). */
  transfersBy: string[];
  imported: boolean;
  clocks: ClockSummary[];
  /** The customer's rating (DESIGN §9); absent or null: none. */
  rating?: RatingSummary | null;
  /** Who completed the service (the staff member a rating belongs to); absent or null: not completed by staff. */
  servedBy?: string | null;
}

/**
 * Figures by rule id: the two built-ins' entries are always there (fixed fields of the report since its
 * first version), any rule a branch configures beside them.
 */
export type ByRule<T> = { reception: T; 'vip-reception': T } & Record<string, T>;

/** An exact compliance figure: numerator / denominator, never rounded. */
export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface TimeToGreet {
  /** Seconds; null when no clock of the set stopped. */
  median: number | null;
  p90: number | null;
  max: number | null;
}

export interface RuleFigures {
  eligible: number;
  met: number;
  breached: number;
  excluded: number;
  running: number;
  compliance: Fraction | null;
  timeToGreet: TimeToGreet;
}

/** Arrivals, breaches and per-rule compliance of one hour or one line. */
export interface SliceFigures {
  arrivals: number;
  breaches: number;
  /** By rule id: every rule of the report's `ruleList`. */
  rules: ByRule<{ met: number; breached: number; compliance: Fraction | null }>;
}

export interface StaffFigures {
  staff: string;
  /** Reception clocks this person stopped (the customer's first reception). */
  greetings: number;
  /** VIP clocks this person stopped as a VIP host. */
  vipGreetings: number;
  /** Median seconds from arrival to their greeting, over `greetings`. */
  medianTimeToGreet: number | null;
  customersOwned: number;
  transfers: number;
  /** Breached clocks of customers they owned at the end. */
  breachesOwned: number;
}

/** Which clock of which customer a report row is about. */
export interface ClockRow {
  visitId: string;
  ticket: string;
  line: string;
  rule: string;
  arrivedAt: string;
  dueAt: string;
}

export interface BreachRow extends ClockRow {
  /** When the clock stopped (greeted, called or served), null if it never did. */
  greetedAt: string | null;
  /** Seconds past due: until the greeting, or until the visit ended (or now) when nobody greeted. */
  lateBySeconds: number;
  owner: string | null;
  acknowledgedBy: string | null;
  imported: boolean;
}

/** A clock counted as breached because its replayed stop or end came after the breach alert (docs/rules.md §4). */
export interface DisputedRow extends ClockRow {
  /** The time the device says the clock stopped or the visit ended (at or before due). */
  replayedAt: string;
  /** When that replay reached the server (after the breach alert had gone out). */
  receivedAt: string;
}

export interface DayLine {
  date: string;
  arrivals: number;
  rules: ByRule<{ eligible: number; met: number; breached: number; compliance: Fraction | null }>;
}

export interface Report {
  branch: string;
  /** The day, or the first day of a range. */
  date: string;
  from: string;
  to: string;
  timeZone: string;
  generatedAt: string;
  arrivals: number;
  /** By rule id, in the order of `ruleList`: the built-ins' entries are always there. */
  rules: ByRule<RuleFigures>;
  /**
   * Every rule of the report, in order: the branch's configured rules, then any other rule with clocks in
   * the range (one since removed from the configuration). Each carries what names it on a page or in the
   * CSV (shared/i18n/rule-names.ts): the target and name of the latest version its clocks started under.
   */
  ruleList: RuleNaming[];
  hours: ({ hour: number } & SliceFigures)[];
  lines: ({ line: string } & SliceFigures)[];
  staff: StaffFigures[];
  breaches: BreachRow[];
  /** Disputed clocks (counted in `breached` and `breaches` until a manager confirms the replay). */
  disputed: DisputedRow[];
  vip: { visits: number; identifiedLater: number; rule: RuleFigures };
  specialNeeds: { need: string; arrivals: number; reception: RuleFigures }[];
  days: DayLine[];
  /** The customers' ratings of the range's visits (DESIGN §9, docs/rules.md §3). */
  satisfaction: Satisfaction;
}

export interface ReportOptions {
  branch: string;
  from: string;
  to: string;
  timeZone: string;
  now: number;
  /** Who acknowledged each breach alert, by `${visitId}:${rule}`. */
  acknowledgedBy?: ReadonlyMap<string, string>;
  /**
   * The rules listed even without a clock in the range, in order, and how each is named when no clock
   * names it: the branch's configured rules. Default: the built-ins as DEFAULT_RULES defines them.
   */
  rules?: readonly RuleNaming[];
}

/** The summary of a folded visit (what is stored at each event). */
export function summarize(fold: VisitFold, timeZone: string): VisitSummary {
  return {
    id: fold.id,
    ticket: fold.ticket,
    line: fold.line,
    day: localDay(fold.arrivedAt, timeZone),
    hour: localHour(fold.arrivedAt, timeZone),
    arrivedAt: fold.arrivedAt,
    endedAt: fold.endedAt,
    vip: fold.vip,
    vipLater: fold.vipIdentifiedAt !== null && fold.vipIdentifiedAt > fold.arrivedAt,
    specialNeeds: fold.specialNeeds,
    owner: fold.owner,
    transfersBy: fold.events
      .filter(
        (e) =>
          e.type === 'transferred' &&
          typeof e.payload.toStaff === 'string' &&
          (fold.endedAt === null || e.occurredAt <= fold.endedAt),
      )
      .map((e) => e.actor.id),
    imported: fold.imported,
    clocks: fold.clocks.map((c) => ({
      rule: c.id,
      day: localDay(c.start, timeZone),
      hour: localHour(c.start, timeZone),
      start: c.start,
      due: c.due,
      stop: c.stop,
      stoppedBy: c.stoppedBy,
      disputedAt: c.disputedAt,
      name: nameOf(c.version),
    })),
    rating: fold.rating && { score: fold.rating.score, at: fold.rating.at, via: fold.rating.via },
    servedBy: servedBy(fold),
  };
}

/** Who completed the service: the staff member a rating of the visit belongs to (docs/rules.md §3). */
function servedBy(fold: VisitFold): string | null {
  if (fold.state !== 'completed') return null;
  const done = fold.events.find((e) => e.type === 'completed' && e.occurredAt === fold.endedAt);
  return done?.actor.type === 'staff' ? done.actor.id : null;
}

/** The configured name a rule version carries, if any (versions stored before names were kept have none). */
function nameOf(version: object): { zh: string; en: string } | null {
  const name = (version as { name?: unknown }).name;
  if (name && typeof name === 'object' && 'zh' in name && 'en' in name)
    return { zh: String(name.zh), en: String(name.en) };
  return null;
}

/** docs/rules.md §2: the outcome (the same as shared/visit.ts `outcomeOf`; due = start + target). */
export function clockOutcome(c: ClockSummary, endedAt: number | null, now: number): RuleOutcome {
  if (c.disputedAt != null) return 'breached';
  if (c.stop !== null) return c.stop <= c.due ? 'met' : 'breached';
  if (endedAt !== null) return endedAt <= c.due ? 'excluded' : 'breached';
  return now <= c.due ? 'running' : 'breached';
}

export function fraction(met: number, breached: number): Fraction | null {
  return met + breached === 0 ? null : { numerator: met, denominator: met + breached };
}

/**
 * Nearest rank over an ascending list: the value at rank ceil(num/den · n). Integer arithmetic, so
 * 0.9 · 70 is 63, not 63.00000000000001 → 64.
 */
export function nearestRank(sorted: ArrayLike<number>, num: number, den: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.floor((num * n + den - 1) / den));
  return sorted[rank - 1]!;
}

/** Median (p50 nearest-rank: the lower middle for an even count), p90 and max, in seconds. */
export function timeToGreet(durationsMs: number[] | Float64Array): TimeToGreet {
  return timeToGreetSorted(Float64Array.from(durationsMs).sort());
}

/** {@link timeToGreet} of a list already in ascending order. */
function timeToGreetSorted(sorted: Float64Array): TimeToGreet {
  const s = (v: number | null) => (v === null ? null : v / 1000);
  return {
    median: s(nearestRank(sorted, 1, 2)),
    p90: s(nearestRank(sorted, 9, 10)),
    max: s(sorted.length ? sorted[sorted.length - 1]! : null),
  };
}

/** A compliance fraction as a percentage rounded DOWN to one decimal ("99.9"), or "—" when there is none. */
export function percentDown(f: Fraction | null): string {
  if (f === null) return '—';
  // Exact for integers: a true integer quotient divides exactly, any other is at least 1/den from it.
  const permille = Math.floor((f.numerator * 1000) / f.denominator);
  return (permille / 10).toFixed(1);
}

/** "7/8", or "" for none: the CSV's exact form. */
export function fractionText(f: Fraction | null): string {
  return f === null ? '' : `${f.numerator}/${f.denominator}`;
}

/**
 * A report's rules in order with their naming: its `ruleList`, or, for a revision frozen before reports
 * carried one, the ids of its `rules` named by `configured` (the branch's rules now) or by their id.
 */
export function reportRules(
  r: Pick<Report, 'rules'> & { ruleList?: RuleNaming[] },
  configured: readonly RuleNaming[],
): RuleNaming[] {
  if (r.ruleList) return r.ruleList;
  return Object.keys(r.rules).map((id) => configured.find((c) => c.id === id) ?? { id, targetSeconds: 0 });
}

/** Every day from `from` to `to` inclusive (YYYY-MM-DD, calendar arithmetic in UTC). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** The report for the branch-local days `from`..`to`, visit by visit (see {@link ReportTally.addVisit}). */
export function buildReport(visits: Iterable<VisitSummary>, o: ReportOptions): Report {
  const tally = new ReportTally(o.from, o.to);
  for (const v of visits) tally.addVisit(v, o.now);
  return tally.report(o);
}

// The tallies live in their own module; importers of the report keep one entry point.
export * from './report-tally.ts';
export * from './report-durations.ts';
export * from './report-satisfaction.ts';
export * from './iso-instant.ts';
