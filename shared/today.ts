/**
 * Today's figures for the wall: arrivals and breaches per hour, compliance per rule and per hour.
 * Pure: visits in, figures out, `now` given (docs/rules.md §3 — compliance = met / (met + breached), never
 * rounded up, no figure when nothing was met or breached).
 */
import type { RuleId } from './rules.ts';
import { localDay, localHour } from './time.ts';
import type { RuleOutcome, Visit } from './types.ts';

/** One rule clock, reduced to what the figures need. Epoch ms. */
export interface TodayClock {
  rule: RuleId;
  start: number;
  due: number;
  stop: number | null;
  outcome: RuleOutcome;
}

/** A visit reduced to times and outcomes: no ticket, no names, nothing personal. */
export interface TodayVisit {
  id: string;
  arrivedAt: number;
  endedAt: number | null;
  clocks: TodayClock[];
}

export interface RuleTally {
  met: number;
  breached: number;
  /** met / (met + breached), exact; null when both are 0. */
  compliance: number | null;
}

export interface HourFigures {
  hour: number;
  arrivals: number;
  breaches: number;
  compliance: Record<RuleId, number | null>;
}

export interface TodayFigures {
  day: string;
  arrivals: number;
  /** The rules figured, in order: the branch's in force, then any other met in the day's clocks. */
  ruleIds: RuleId[];
  rules: Record<RuleId, RuleTally>;
  hours: HourFigures[];
}

export function toTodayVisit(v: Visit): TodayVisit {
  return {
    id: v.id,
    arrivedAt: Date.parse(v.arrivedAt),
    endedAt: v.endedAt === null ? null : Date.parse(v.endedAt),
    clocks: v.rules.map((r) => ({
      rule: r.id,
      start: Date.parse(r.startedAt),
      due: Date.parse(r.dueAt),
      stop: r.stoppedAt === null ? null : Date.parse(r.stoppedAt),
      outcome: r.outcome,
    })),
  };
}

/** A clock reported "running" some time ago is breached once `now` has passed its due instant. */
export function outcomeNow(c: TodayClock, now: number): RuleOutcome {
  return c.outcome === 'running' && now > c.due ? 'breached' : c.outcome;
}

const tally = (met: number, breached: number): RuleTally => ({
  met,
  breached,
  compliance: met + breached === 0 ? null : met / (met + breached),
});

/**
 * Figures for the branch-local `day`: arrivals by arrival hour, clocks (breaches, compliance) by the
 * hour their clock started — the same day rule the report uses. `hours` lists `fromHour`..`toHour`.
 * `rules` are the branch's rules in force, in their order (a figure for each, "—" while it has none);
 * a rule met only in the day's clocks (since removed from the configuration) follows them.
 */
export function todayFigures(
  visits: Iterable<TodayVisit>,
  day: string,
  timeZone: string,
  now: number,
  fromHour = 0,
  toHour = 23,
  rules: readonly RuleId[] = [],
): TodayFigures {
  const count = toHour - fromHour + 1;
  const arrivals = new Array<number>(count).fill(0);
  const breaches = new Array<number>(count).fill(0);
  const ids: RuleId[] = [];
  const perHour: { met: number; breached: number }[][] = [];
  const perRule: { met: number; breached: number }[] = [];
  const indexOf = (id: RuleId): number => {
    const i = ids.indexOf(id);
    if (i >= 0) return i;
    ids.push(id);
    perHour.push(Array.from({ length: count }, () => ({ met: 0, breached: 0 })));
    perRule.push({ met: 0, breached: 0 });
    return ids.length - 1;
  };
  rules.forEach(indexOf);
  let total = 0;
  const slot = (ms: number) => localHour(ms, timeZone) - fromHour;

  for (const v of visits) {
    if (localDay(v.arrivedAt, timeZone) === day) {
      total++;
      const h = slot(v.arrivedAt);
      if (h >= 0 && h < count) arrivals[h]!++;
    }
    for (const c of v.clocks) {
      if (localDay(c.start, timeZone) !== day) continue;
      const outcome = outcomeNow(c, now);
      if (outcome !== 'met' && outcome !== 'breached') continue;
      const r = indexOf(c.rule);
      perRule[r]![outcome]++;
      const h = slot(c.start);
      if (h < 0 || h >= count) continue;
      perHour[r]![h]![outcome]++;
      if (outcome === 'breached') breaches[h]!++;
    }
  }

  const tallies: Record<RuleId, RuleTally> = {};
  ids.forEach((id, r) => (tallies[id] = tally(perRule[r]!.met, perRule[r]!.breached)));
  const hours = arrivals.map((n, h): HourFigures => {
    const compliance: Record<RuleId, number | null> = {};
    ids.forEach((id, r) => (compliance[id] = tally(perHour[r]![h]!.met, perHour[r]![h]!.breached).compliance));
    return { hour: fromHour + h, arrivals: n, breaches: breaches[h]!, compliance };
  });
  return { day, arrivals: total, ruleIds: ids, rules: tallies, hours };
}

/** A compliance fraction as a percentage rounded DOWN to one decimal ("99.9"), or "—" when there is none. */
export function percentDown(compliance: number | null): string {
  if (compliance === null) return '—';
  // Integer arithmetic first, so 0.29 shows 29.0 and 0.9996 shows 99.9, never 100.0.
  const permille = Math.floor(Math.round(compliance * 1e9) / 1e6);
  return (permille / 10).toFixed(1);
}
