/**
 * The report's `satisfaction` (DESIGN §9, docs/rules.md §3): the customers' 1–5 ratings of the day's
 * visits counted exactly, overall, by whether the visit's clocks were met or breached (does waiting hurt the
 * score?), by the staff member who completed the service and by line. Counts add up across days, so a
 * day's rollup carries them as they are.
 */
import { clockOutcome, type VisitSummary } from './report.ts';

/** How many ratings gave 1, 2, 3, 4 and 5 stars (index 0 is one star). */
export type Distribution = [number, number, number, number, number];

export interface ScoreFigures {
  responses: number;
  /** Sum of scores / responses, unrounded; null when nobody rated. */
  average: number | null;
  distribution: Distribution;
}

export interface SatisfactionFigures extends ScoreFigures {
  /** The ratings of visits whose clocks were all met, and of visits with any clock breached. */
  byOutcome: { met: ScoreFigures; breached: ScoreFigures };
}

export interface Satisfaction extends SatisfactionFigures {
  /** By the staff member who completed the service, by id. */
  byStaff: ({ staff: string } & SatisfactionFigures)[];
  /** By the visit's line as it ended. */
  byLine: ({ line: string } & SatisfactionFigures)[];
}

/** A visit's rating as the report keeps it. */
export interface RatingSummary {
  score: number;
  /** When the customer rated (epoch ms). */
  at: number;
  via: 'phone' | 'counter';
}

/** Which side of "does waiting hurt the score?" a visit is on: null when no clock of it was decided. */
export function visitOutcome(v: VisitSummary, now: number): 'met' | 'breached' | null {
  let met = false;
  for (const c of v.clocks) {
    const o = clockOutcome(c, v.endedAt, now);
    if (o === 'breached') return 'breached';
    if (o === 'met') met = true;
  }
  return met ? 'met' : null;
}

const empty = (): Distribution => [0, 0, 0, 0, 0];

/** [all, met, breached] distributions of one group. */
type Group = [Distribution, Distribution, Distribution];
const emptyGroup = (): Group => [empty(), empty(), empty()];

function addInto(into: Distribution, d: readonly number[]): void {
  for (let i = 0; i < 5; i++) into[i] = into[i]! + (d[i] ?? 0);
}

export function scoreFigures(d: Distribution): ScoreFigures {
  const responses = d.reduce((n, x) => n + x, 0);
  const sum = d.reduce((n, x, i) => n + x * (i + 1), 0);
  return { responses, average: responses === 0 ? null : sum / responses, distribution: [...d] };
}

function groupFigures(g: Group): SatisfactionFigures {
  return { ...scoreFigures(g[0]), byOutcome: { met: scoreFigures(g[1]), breached: scoreFigures(g[2]) } };
}

/** Ratings of a report's days, added visit by visit or day by day (a rollup stores {@link values}). */
export class SatisfactionTally {
  readonly all: Group = emptyGroup();
  readonly staff = new Map<string, Group>();
  readonly lines = new Map<string, Group>();

  private static of(m: Map<string, Group>, key: string): Group {
    let g = m.get(key);
    if (!g) m.set(key, (g = emptyGroup()));
    return g;
  }

  /** Counts a visit's rating (the caller has checked the visit's day is in the range). */
  addVisit(v: VisitSummary, now: number): void {
    const r = v.rating;
    if (!r || !Number.isInteger(r.score) || r.score < 1 || r.score > 5) return;
    const outcome = visitOutcome(v, now);
    const groups = [this.all, SatisfactionTally.of(this.lines, v.line)];
    if (v.servedBy) groups.push(SatisfactionTally.of(this.staff, v.servedBy));
    const k = r.score - 1;
    for (const g of groups) {
      g[0][k] = g[0][k]! + 1;
      if (outcome === 'met') g[1][k] = g[1][k]! + 1;
      else if (outcome === 'breached') g[2][k] = g[2][k]! + 1;
    }
  }

  addTally(t: SatisfactionTally): void {
    this.addValues(t.values());
  }

  /** [all, [staff id, group]…, [line id, group]…] as plain arrays (JSON in a rollup). */
  values(): { all: Group; staff: [string, Group][]; lines: [string, Group][] } {
    return { all: this.all, staff: [...this.staff], lines: [...this.lines] };
  }

  addValues(v: { all: Group; staff: [string, Group][]; lines: [string, Group][] }): void {
    const add = (into: Group, g: Group) => g.forEach((d, i) => addInto(into[i]!, d));
    add(this.all, v.all);
    for (const [id, g] of v.staff) add(SatisfactionTally.of(this.staff, id), g);
    for (const [id, g] of v.lines) add(SatisfactionTally.of(this.lines, id), g);
  }

  figures(): Satisfaction {
    const byKey = (m: Map<string, Group>) => [...m].sort(([a], [b]) => a.localeCompare(b));
    return {
      ...groupFigures(this.all),
      byStaff: byKey(this.staff).map(([staff, g]) => ({ staff, ...groupFigures(g) })),
      byLine: byKey(this.lines).map(([line, g]) => ({ line, ...groupFigures(g) })),
    };
  }
}

/** An average as text rounded DOWN to two decimals ("4.66" for 14/3), "—" for none: never flattering. */
export function averageText(f: Pick<ScoreFigures, 'distribution'>): string {
  const responses = f.distribution.reduce((n, x) => n + x, 0);
  if (responses === 0) return '—';
  const sum = f.distribution.reduce((n, x, i) => n + x * (i + 1), 0);
  // Integer arithmetic, so 4.3 is not shown as 4.29.
  return (Math.floor((sum * 100) / responses) / 100).toFixed(2);
}
