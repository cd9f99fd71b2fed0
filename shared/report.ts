/**
 * The end-of-day report as a pure function of visit summaries and `now` (DESIGN §2, exactly):
 * a rule's day is the branch-local day of the rule's START; eligible = met + breached + excluded
 * (+ running while the day is open); compliance = met / (met + breached) kept as an exact fraction,
 * null when met + breached = 0; time to greet over stopped clocks with nearest-rank percentiles.
 * No SQLite, no DOM, no clock: the server and the page both import it.
 */
import { RULE_IDS, type RuleId } from './rules.ts';
import { localDay, localHour } from './time.ts';
import type { RuleOutcome } from './types.ts';
import type { VisitFold } from './visit.ts';

/** One rule's clock for one visit, reduced to what the report needs (epoch ms). */
export interface ClockSummary {
  rule: RuleId;
  /** Branch-local day and hour of the clock's start: the report day it belongs to. */
  day: string;
  hour: number;
  start: number;
  due: number;
  stop: number | null;
  stoppedBy: string | null;
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
}

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
  rules: Record<RuleId, { met: number; breached: number; compliance: Fraction | null }>;
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

export interface BreachRow {
  visitId: string;
  ticket: string;
  line: string;
  rule: RuleId;
  arrivedAt: string;
  dueAt: string;
  /** When the clock stopped (greeted, called or served), null if it never did. */
  greetedAt: string | null;
  /** Seconds past due: until the greeting, or until the visit ended (or now) when nobody greeted. */
  lateBySeconds: number;
  owner: string | null;
  acknowledgedBy: string | null;
  imported: boolean;
}

export interface DayLine {
  date: string;
  arrivals: number;
  rules: Record<RuleId, { eligible: number; met: number; breached: number; compliance: Fraction | null }>;
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
  rules: Record<RuleId, RuleFigures>;
  hours: ({ hour: number } & SliceFigures)[];
  lines: ({ line: string } & SliceFigures)[];
  staff: StaffFigures[];
  breaches: BreachRow[];
  vip: { visits: number; identifiedLater: number; rule: RuleFigures };
  specialNeeds: { need: string; arrivals: number; reception: RuleFigures }[];
  days: DayLine[];
}

export interface ReportOptions {
  branch: string;
  from: string;
  to: string;
  timeZone: string;
  now: number;
  /** Who acknowledged each breach alert, by `${visitId}:${rule}`. */
  acknowledgedBy?: ReadonlyMap<string, string>;
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
      .filter((e) => e.type === 'transferred' && typeof e.payload.toStaff === 'string' && (fold.endedAt === null || e.occurredAt <= fold.endedAt))
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
    })),
  };
}

/** DESIGN §2's outcome (the same as shared/visit.ts `outcomeOf`; due = start + target). */
export function clockOutcome(c: ClockSummary, endedAt: number | null, now: number): RuleOutcome {
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
  const sorted = Float64Array.from(durationsMs).sort();
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

class RuleTally {
  met = 0;
  breached = 0;
  excluded = 0;
  running = 0;
  durations: number[] = [];
  add(o: RuleOutcome, c: ClockSummary): void {
    this[o]++;
    if (c.stop !== null) this.durations.push(c.stop - c.start);
  }
  figures(): RuleFigures {
    return {
      eligible: this.met + this.breached + this.excluded + this.running,
      met: this.met,
      breached: this.breached,
      excluded: this.excluded,
      running: this.running,
      compliance: fraction(this.met, this.breached),
      timeToGreet: timeToGreet(this.durations),
    };
  }
}

class Slice {
  arrivals = 0;
  breaches = 0;
  counts = RULE_IDS.map(() => ({ met: 0, breached: 0 }));
  add(rule: RuleId, o: RuleOutcome): void {
    if (o !== 'met' && o !== 'breached') return;
    this.counts[RULE_IDS.indexOf(rule)]![o]++;
    if (o === 'breached') this.breaches++;
  }
  figures(): SliceFigures {
    const rules = {} as SliceFigures['rules'];
    RULE_IDS.forEach((id, i) => {
      const c = this.counts[i]!;
      rules[id] = { met: c.met, breached: c.breached, compliance: fraction(c.met, c.breached) };
    });
    return { arrivals: this.arrivals, breaches: this.breaches, rules };
  }
}

interface StaffTally {
  greetings: number;
  vipGreetings: number;
  durations: number[];
  owned: number;
  transfers: number;
  breachesOwned: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Every day from `from` to `to` inclusive (YYYY-MM-DD, calendar arithmetic in UTC). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * The report for the branch-local days `from`..`to`. Visits whose arrival or any clock start falls in
 * the range may be passed (others are ignored): arrivals count by arrival day, clocks by start day.
 */
export function buildReport(visits: Iterable<VisitSummary>, o: ReportOptions): Report {
  const inRange = (day: string) => day >= o.from && day <= o.to;
  const rules = Object.fromEntries(RULE_IDS.map((id) => [id, new RuleTally()])) as Record<RuleId, RuleTally>;
  const vipRule = new RuleTally();
  const hours = Array.from({ length: 24 }, () => new Slice());
  const lines = new Map<string, Slice>();
  const staff = new Map<string, StaffTally>();
  const needs = new Map<string, { arrivals: number; reception: RuleTally }>();
  const days = new Map(daysBetween(o.from, o.to).map((d) => [d, { arrivals: 0, rules: RULE_IDS.map(() => new RuleTally()) }]));
  const breaches: BreachRow[] = [];
  let arrivals = 0;
  let vipVisits = 0;
  let vipLater = 0;
  const person = (id: string): StaffTally => {
    let s = staff.get(id);
    if (!s) staff.set(id, (s = { greetings: 0, vipGreetings: 0, durations: [], owned: 0, transfers: 0, breachesOwned: 0 }));
    return s;
  };
  const lineOf = (id: string): Slice => {
    let s = lines.get(id);
    if (!s) lines.set(id, (s = new Slice()));
    return s;
  };

  for (const v of visits) {
    if (inRange(v.day)) {
      arrivals++;
      hours[v.hour]!.arrivals++;
      lineOf(v.line).arrivals++;
      days.get(v.day)!.arrivals++;
      if (v.vip) vipVisits++;
      if (v.vipLater) vipLater++;
      if (v.owner) person(v.owner).owned++;
      for (const by of v.transfersBy) person(by).transfers++;
      for (const need of v.specialNeeds) {
        let n = needs.get(need);
        if (!n) needs.set(need, (n = { arrivals: 0, reception: new RuleTally() }));
        n.arrivals++;
      }
    }
    for (const c of v.clocks) {
      if (!inRange(c.day)) continue;
      const outcome = clockOutcome(c, v.endedAt, o.now);
      rules[c.rule].add(outcome, c);
      days.get(c.day)!.rules[RULE_IDS.indexOf(c.rule)]!.add(outcome, c);
      hours[c.hour]!.add(c.rule, outcome);
      lineOf(v.line).add(c.rule, outcome);
      if (c.rule === 'vip-reception') vipRule.add(outcome, c);
      if (c.rule === 'reception') for (const need of v.specialNeeds) needs.get(need)?.reception.add(outcome, c);
      if (c.stop !== null && c.stoppedBy) {
        const s = person(c.stoppedBy);
        if (c.rule === 'reception') {
          s.greetings++;
          s.durations.push(c.stop - c.start);
        } else s.vipGreetings++;
      }
      if (outcome !== 'breached') continue;
      if (v.owner) person(v.owner).breachesOwned++;
      const until = c.stop ?? v.endedAt ?? o.now;
      breaches.push({
        visitId: v.id,
        ticket: v.ticket,
        line: v.line,
        rule: c.rule,
        arrivedAt: iso(v.arrivedAt),
        dueAt: iso(c.due),
        greetedAt: c.stop === null ? null : iso(c.stop),
        lateBySeconds: (until - c.due) / 1000,
        owner: v.owner,
        acknowledgedBy: o.acknowledgedBy?.get(`${v.id}:${c.rule}`) ?? null,
        imported: v.imported,
      });
    }
  }

  breaches.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.ticket.localeCompare(b.ticket));
  return {
    branch: o.branch,
    date: o.from,
    from: o.from,
    to: o.to,
    timeZone: o.timeZone,
    generatedAt: iso(o.now),
    arrivals,
    rules: Object.fromEntries(RULE_IDS.map((id) => [id, rules[id].figures()])) as Record<RuleId, RuleFigures>,
    hours: hours.map((h, hour) => ({ hour, ...h.figures() })),
    lines: [...lines].sort(([a], [b]) => a.localeCompare(b)).map(([line, s]) => ({ line, ...s.figures() })),
    staff: [...staff]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, s]) => ({
        staff: id,
        greetings: s.greetings,
        vipGreetings: s.vipGreetings,
        medianTimeToGreet: timeToGreet(s.durations).median,
        customersOwned: s.owned,
        transfers: s.transfers,
        breachesOwned: s.breachesOwned,
      })),
    breaches,
    vip: { visits: vipVisits, identifiedLater: vipLater, rule: vipRule.figures() },
    specialNeeds: [...needs].sort(([a], [b]) => a.localeCompare(b)).map(([need, n]) => ({ need, arrivals: n.arrivals, reception: n.reception.figures() })),
    days: [...days].map(([date, d]) => {
      const r = {} as DayLine['rules'];
      RULE_IDS.forEach((id, i) => {
        const f = d.rules[i]!.figures();
        r[id] = { eligible: f.eligible, met: f.met, breached: f.breached, compliance: f.compliance };
      });
      return { date, arrivals: d.arrivals, rules: r };
    }),
  };
}
