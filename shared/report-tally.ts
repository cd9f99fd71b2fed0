/**
 * The report's counting machinery: tallies that add visits one by one, or whole stored days, into the
 * figures of shared/report.ts — exactly (docs/rules.md §3), per rule id for any rule a branch configures.
 */
import { DEFAULT_RULES, RULE_IDS } from './rules.ts';
import type { RuleNaming } from './i18n/rule-names.ts';
import type { RuleOutcome } from './types.ts';
import { Durations } from './report-durations.ts';
import { isoInstant } from './iso-instant.ts';
import { SatisfactionTally } from './report-satisfaction.ts';
import {
  clockOutcome,
  daysBetween,
  fraction,
  type ClockSummary,
  type DayLine,
  type Report,
  type ReportOptions,
  type RuleFigures,
  type SliceFigures,
  type VisitSummary,
} from './report.ts';

/** met, breached, excluded, running — in this order wherever counts are stored. */
const OUTCOMES = ['met', 'breached', 'excluded', 'running'] as const;

/** The version of a rule its latest clock in a tally started under: what names the rule. */
export interface LatestVersion {
  start: number;
  targetSeconds: number;
  name: { zh: string; en: string } | null;
}

/** One rule's outcome counts and stopped-clock durations. */
export class RuleTally {
  met = 0;
  breached = 0;
  excluded = 0;
  running = 0;
  readonly durations = new Durations();
  latest: LatestVersion | null = null;
  add(o: RuleOutcome, c: ClockSummary): void {
    this[o]++;
    if (c.stop !== null) this.durations.push(c.stop - c.start);
    if (this.latest === null || c.start >= this.latest.start)
      this.latest = { start: c.start, targetSeconds: (c.due - c.start) / 1000, name: c.name ?? null };
  }
  addTally(t: RuleTally): void {
    for (const k of OUTCOMES) this[k] += t[k];
    this.durations.addSorted(t.durations.sorted());
    this.addLatest(t.latest);
  }
  addLatest(l: LatestVersion | null): void {
    if (l && (this.latest === null || l.start >= this.latest.start)) this.latest = l;
  }
  /** [met, breached, excluded, running]. */
  counts(): number[] {
    return OUTCOMES.map((k) => this[k]);
  }
  addCounts(c: readonly number[]): void {
    OUTCOMES.forEach((k, i) => (this[k] += c[i]!));
  }
  figures(): RuleFigures {
    return {
      eligible: this.met + this.breached + this.excluded + this.running,
      met: this.met,
      breached: this.breached,
      excluded: this.excluded,
      running: this.running,
      compliance: fraction(this.met, this.breached),
      timeToGreet: this.durations.timeToGreet(),
    };
  }
}

/** Arrivals, breaches and met/breached per rule of one hour or one line. */
export class Slice {
  arrivals = 0;
  breaches = 0;
  /** [met, breached] by rule id. */
  readonly counts = new Map<string, [number, number]>();
  private of(rule: string): [number, number] {
    let c = this.counts.get(rule);
    if (!c) this.counts.set(rule, (c = [0, 0]));
    return c;
  }
  add(rule: string, o: RuleOutcome): void {
    if (o === 'met') this.of(rule)[0]++;
    else if (o === 'breached') {
      this.of(rule)[1]++;
      this.breaches++;
    }
  }
  /** [arrivals, breaches, [rule, met, breached]…] (a rollup stores it as it is). */
  values(): [number, number, ...[string, number, number][]] {
    return [
      this.arrivals,
      this.breaches,
      ...[...this.counts].map(([r, [m, b]]): [string, number, number] => [r, m, b]),
    ];
  }
  addValues(v: readonly [number, number, ...[string, number, number][]]): void {
    const [arrivals, breaches, ...rules] = v;
    this.arrivals += arrivals;
    this.breaches += breaches;
    for (const [rule, met, breached] of rules) {
      const c = this.of(rule);
      c[0] += met;
      c[1] += breached;
    }
  }
  figures(ruleIds: readonly string[]): SliceFigures {
    const rules = {} as SliceFigures['rules'];
    for (const id of ruleIds) {
      const [met, breached] = this.counts.get(id) ?? [0, 0];
      rules[id] = { met, breached, compliance: fraction(met, breached) };
    }
    return { arrivals: this.arrivals, breaches: this.breaches, rules };
  }
}

export class StaffTally {
  greetings = 0;
  vipGreetings = 0;
  owned = 0;
  transfers = 0;
  breachesOwned = 0;
  /** Reception clocks they stopped. */
  readonly durations = new Durations();
  /** [greetings, vipGreetings, owned, transfers, breachesOwned]. */
  values(): number[] {
    return [this.greetings, this.vipGreetings, this.owned, this.transfers, this.breachesOwned];
  }
  addValues(v: readonly number[]): void {
    this.greetings += v[0]!;
    this.vipGreetings += v[1]!;
    this.owned += v[2]!;
    this.transfers += v[3]!;
    this.breachesOwned += v[4]!;
  }
}

export class NeedTally {
  arrivals = 0;
  readonly reception = new RuleTally();
}

/** One day's line in a range: arrivals and per-rule counts (no durations: the line shows none). */
export class DayTally {
  arrivals = 0;
  /** [met, breached, excluded, running] by rule id. */
  readonly rules = new Map<string, number[]>();
  rule(id: string): number[] {
    let c = this.rules.get(id);
    if (!c) this.rules.set(id, (c = [0, 0, 0, 0]));
    return c;
  }
}

/**
 * A breach before it is printed, as a tuple (a range holds tens of thousands, and a day's rollup stores
 * them as they are): `until` is null while the clock is open (late by until now).
 */
export type BreachRecord = [
  visitId: string,
  ticket: string,
  line: string,
  rule: string,
  arrivedAt: number,
  due: number,
  stop: number | null,
  until: number | null,
  owner: string | null,
  imported: 0 | 1,
];

/** A disputed clock as stored: replayedAt is the device's time of the stop or end, receivedAt the server's. */
export type DisputedRecord = [
  visitId: string,
  ticket: string,
  line: string,
  rule: string,
  arrivedAt: number,
  due: number,
  replayedAt: number,
  receivedAt: number,
];

const iso = isoInstant;
// The built-ins behind the report's fixed fields (staff greetings, VIP and special-needs figures); every
// other figure is per rule id, whatever rules a branch configures.
const RECEPTION: string = 'reception';
const VIP_RECEPTION: string = 'vip-reception';
const BUILT_INS: readonly RuleNaming[] = RULE_IDS.map((id) => ({ id, targetSeconds: DEFAULT_RULES[id].targetSeconds }));
const OUTCOME_INDEX: Record<RuleOutcome, number> = { met: 0, breached: 1, excluded: 2, running: 3 };

/**
 * The report's figures for the days `from`..`to`, in a form that adds up exactly: a tally of single
 * days (a day's rollup) added to an empty range tally gives the same report as the range's visits
 * added one by one — counts add, duration lists merge, breaches append.
 */
export class ReportTally {
  arrivals = 0;
  vipVisits = 0;
  vipLater = 0;
  /** By rule id, in the order the rules were first met. */
  readonly rules = new Map<string, RuleTally>();
  readonly hours = Array.from({ length: 24 }, () => new Slice());
  readonly lines = new Map<string, Slice>();
  readonly staff = new Map<string, StaffTally>();
  readonly needs = new Map<string, NeedTally>();
  readonly days = new Map<string, DayTally>();
  readonly breaches: BreachRecord[] = [];
  readonly disputed: DisputedRecord[] = [];
  /** Ratings, counted on their visit's arrival day. */
  readonly satisfaction = new SatisfactionTally();
  /**
   * The latest due of a clock counted breached only because time passed it (never stopped, visit not
   * ended): the figures hold for any later `now` (only its lateness grows); null when there is none.
   */
  openDueMax: number | null = null;

  constructor(
    readonly from: string,
    readonly to: string,
  ) {}

  person(id: string): StaffTally {
    let s = this.staff.get(id);
    if (!s) this.staff.set(id, (s = new StaffTally()));
    return s;
  }
  line(id: string): Slice {
    let s = this.lines.get(id);
    if (!s) this.lines.set(id, (s = new Slice()));
    return s;
  }
  need(id: string): NeedTally {
    let n = this.needs.get(id);
    if (!n) this.needs.set(id, (n = new NeedTally()));
    return n;
  }
  day(d: string): DayTally {
    let t = this.days.get(d);
    if (!t) this.days.set(d, (t = new DayTally()));
    return t;
  }
  rule(id: string): RuleTally {
    let r = this.rules.get(id);
    if (!r) this.rules.set(id, (r = new RuleTally()));
    return r;
  }

  /** True when no clock is running: the figures no longer depend on `now` (a day that can be rolled up). */
  get settled(): boolean {
    for (const r of this.rules.values()) if (r.running !== 0) return false;
    return true;
  }

  /**
   * Adds a visit: arrivals count on its arrival day, clocks on their start day, each only when that day
   * is in the range (so a visit may be passed for any day it touches).
   */
  addVisit(v: VisitSummary, now: number): void {
    if (v.day >= this.from && v.day <= this.to) {
      this.arrivals++;
      this.hours[v.hour]!.arrivals++;
      this.line(v.line).arrivals++;
      this.day(v.day).arrivals++;
      if (v.vip) this.vipVisits++;
      if (v.vipLater) this.vipLater++;
      if (v.owner) this.person(v.owner).owned++;
      for (const by of v.transfersBy) this.person(by).transfers++;
      for (const need of v.specialNeeds) this.need(need).arrivals++;
      this.satisfaction.addVisit(v, now);
    }
    for (const c of v.clocks) {
      if (c.day < this.from || c.day > this.to) continue;
      const rule = c.rule;
      const outcome = clockOutcome(c, v.endedAt, now);
      this.rule(rule).add(outcome, c);
      this.day(c.day).rule(rule)[OUTCOME_INDEX[outcome]]!++;
      this.hours[c.hour]!.add(rule, outcome);
      this.line(v.line).add(rule, outcome);
      // A reception clock starts at arrival, so its visit's needs were counted above.
      if (rule === RECEPTION) for (const need of v.specialNeeds) this.needs.get(need)?.reception.add(outcome, c);
      if (c.stop !== null && c.stoppedBy) {
        const s = this.person(c.stoppedBy);
        if (rule === RECEPTION) {
          s.greetings++;
          s.durations.push(c.stop - c.start);
        } else if (rule === VIP_RECEPTION) s.vipGreetings++;
      }
      if (outcome !== 'breached') continue;
      if (v.owner) this.person(v.owner).breachesOwned++;
      // A disputed clock was late until the server heard of its replay.
      const until = c.disputedAt ?? c.stop ?? v.endedAt;
      if (c.disputedAt != null)
        this.disputed.push([
          v.id,
          v.ticket,
          v.line,
          rule,
          v.arrivedAt,
          c.due,
          c.stop ?? v.endedAt ?? c.disputedAt,
          c.disputedAt,
        ]);
      if (until === null) this.openDueMax = Math.max(this.openDueMax ?? c.due, c.due);
      this.breaches.push([
        v.id,
        v.ticket,
        v.line,
        rule,
        v.arrivedAt,
        c.due,
        c.stop,
        until,
        v.owner,
        v.imported ? 1 : 0,
      ]);
    }
  }

  /** Adds another tally of days inside this range (a day's rollup). */
  addTally(t: ReportTally): void {
    this.arrivals += t.arrivals;
    this.vipVisits += t.vipVisits;
    this.vipLater += t.vipLater;
    for (const [id, r] of t.rules) this.rule(id).addTally(r);
    t.hours.forEach((h, i) => this.hours[i]!.addValues(h.values()));
    for (const [id, l] of t.lines) this.line(id).addValues(l.values());
    for (const [id, s] of t.staff) {
      const mine = this.person(id);
      mine.addValues(s.values());
      mine.durations.addSorted(s.durations.sorted());
    }
    for (const [id, n] of t.needs) {
      const mine = this.need(id);
      mine.arrivals += n.arrivals;
      mine.reception.addTally(n.reception);
    }
    for (const [d, day] of t.days) {
      const mine = this.day(d);
      mine.arrivals += day.arrivals;
      for (const [id, c] of day.rules) {
        const counts = mine.rule(id);
        c.forEach((n, k) => (counts[k]! += n));
      }
    }
    for (const b of t.breaches) this.breaches.push(b);
    for (const d of t.disputed) this.disputed.push(d);
    this.satisfaction.addTally(t.satisfaction);
    if (t.openDueMax !== null) this.openDueMax = Math.max(this.openDueMax ?? t.openDueMax, t.openDueMax);
  }

  /**
   * The report's rules in order: those always listed (the branch's configured rules), then any other rule
   * with clocks here, by id. Each is named by the latest version its clocks here started under, with the
   * configured name when that version carried none.
   */
  ruleList(listed: readonly RuleNaming[] = BUILT_INS): RuleNaming[] {
    const out: RuleNaming[] = [];
    // The built-ins are always there (the report's fixed fields), also when a caller lists other rules.
    const always = [...listed, ...BUILT_INS.filter((b) => !listed.some((r) => r.id === b.id))];
    const known = new Map(always.map((r) => [r.id, r]));
    const ids = [...always.map((r) => r.id), ...[...this.rules.keys()].filter((id) => !known.has(id)).sort()];
    for (const id of ids) {
      const latest = this.rules.get(id)?.latest;
      const configured = known.get(id);
      const name = latest?.name ?? configured?.name;
      out.push({
        id,
        targetSeconds: latest?.targetSeconds ?? configured!.targetSeconds,
        ...(name ? { name } : {}),
      });
    }
    return out;
  }

  report(o: ReportOptions): Report {
    const ruleList = this.ruleList(o.rules);
    const ruleIds = ruleList.map((r) => r.id);
    const rank = new Map(ruleIds.map((id, i) => [id, i]));
    const figuresOf = (id: string) => (this.rules.get(id) ?? new RuleTally()).figures();
    const rules = {} as Report['rules'];
    for (const id of ruleIds) rules[id] = figuresOf(id);
    const byKey = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => a.localeCompare(b));
    // Order of due, then ticket; the same visit's clocks keep the order of the rule list. (Sorted in
    // place: a tally is read once.)
    const byRule = (a: string, b: string) => rank.get(a)! - rank.get(b)!;
    const breaches = this.breaches.sort(
      (a, b) =>
        a[5] - b[5] || a[1].localeCompare(b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) || byRule(a[3], b[3]),
    );
    // Ask for an acknowledgement only when there are any (a key per breach is a lot of garbage).
    const acks = o.acknowledgedBy?.size ? o.acknowledgedBy : null;
    return {
      branch: o.branch,
      date: o.from,
      from: o.from,
      to: o.to,
      timeZone: o.timeZone,
      generatedAt: iso(o.now),
      arrivals: this.arrivals,
      rules,
      ruleList,
      hours: this.hours.map((h, hour) => ({ hour, ...h.figures(ruleIds) })),
      lines: byKey(this.lines).map(([line, s]) => ({ line, ...s.figures(ruleIds) })),
      staff: byKey(this.staff).map(([id, s]) => ({
        staff: id,
        greetings: s.greetings,
        vipGreetings: s.vipGreetings,
        medianTimeToGreet: s.durations.timeToGreet().median,
        customersOwned: s.owned,
        transfers: s.transfers,
        breachesOwned: s.breachesOwned,
      })),
      breaches: breaches.map(([visitId, ticket, line, rule, arrivedAt, due, stop, until, owner, imported]) => {
        return {
          visitId,
          ticket,
          line,
          rule,
          arrivedAt: iso(arrivedAt),
          dueAt: iso(due),
          greetedAt: stop === null ? null : iso(stop),
          lateBySeconds: ((until ?? o.now) - due) / 1000,
          owner,
          acknowledgedBy: acks?.get(`${visitId}:${rule}`) ?? null,
          imported: imported === 1,
        };
      }),
      disputed: this.disputed
        .sort((a, b) => a[5] - b[5] || a[1].localeCompare(b[1]) || byRule(a[3], b[3]))
        .map(([visitId, ticket, line, rule, arrivedAt, due, replayedAt, receivedAt]) => ({
          visitId,
          ticket,
          line,
          rule,
          arrivedAt: iso(arrivedAt),
          dueAt: iso(due),
          replayedAt: iso(replayedAt),
          receivedAt: iso(receivedAt),
        })),
      vip: {
        visits: this.vipVisits,
        identifiedLater: this.vipLater,
        rule: figuresOf(VIP_RECEPTION),
      },
      specialNeeds: byKey(this.needs).map(([need, n]) => ({
        need,
        arrivals: n.arrivals,
        reception: n.reception.figures(),
      })),
      days: daysBetween(o.from, o.to).map((date) => {
        const d = this.days.get(date) ?? new DayTally();
        const r = {} as DayLine['rules'];
        for (const id of ruleIds) {
          const [met, breached, excluded, running] = d.rules.get(id) ?? [0, 0, 0, 0];
          r[id] = {
            eligible: met! + breached! + excluded! + running!,
            met: met!,
            breached: breached!,
            compliance: fraction(met!, breached!),
          };
        }
        return { date, arrivals: d.arrivals, rules: r };
      }),
      satisfaction: this.satisfaction.figures(),
    };
  }
}
