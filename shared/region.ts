/**
 * A head office's view of a region: one standing per branch — today's compliance per rule, breaches now,
 * customers waiting, staff short now — and the order that puts the branch most in need first. Pure: the
 * server passes in what it knows of one branch and `now`; the regional wall only draws what it receives.
 */
import type { RuleId } from './rules.ts';
import { todayFigures, type TodayVisit } from './today.ts';
import type { Visit } from './types.ts';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface RegionRule {
  rule: RuleId;
  name: Bilingual;
  met: number;
  breached: number;
  /** met / (met + breached) today, exact; null when nothing was met or breached yet. */
  compliance: number | null;
}

/** How many more of each role the branch needs on the floor now (0: enough); null when it cannot be told. */
export interface Shortfall {
  greeters: number;
  vipHosts: number;
}

export interface RegionBranch {
  branch: string;
  name: Bilingual;
  /** Today's figures per rule in force, in the branch's order. */
  rules: RegionRule[];
  /** Clocks of customers still in the hall that are past due and not stopped. */
  breachesNow: number;
  /** Customers waiting now (checked in, not yet called). */
  waiting: number;
  /** When the customer waiting longest now arrived (ISO 8601); null when nobody waits. */
  waitingSince: string | null;
  shortfall: Shortfall | null;
  /** When this standing was computed (ISO 8601). */
  updatedAt: string;
}

export interface RegionOverview {
  region: string;
  name: Bilingual;
  serverTime: string;
  /** Worst first (`worstFirst`). */
  branches: RegionBranch[];
}

export interface StandingInput {
  branch: string;
  name: Bilingual;
  timeZone: string;
  day: string;
  /** The branch's rules in force, in order, with their names. */
  rules: { id: RuleId; name: Bilingual }[];
  /** Every visit of the day: those still open as they stand now, the others as stored. */
  today: TodayVisit[];
  /** The visits still open, refreshed to now. */
  open: Visit[];
  shortfall: Shortfall | null;
  now: number;
}

export function standing(input: StandingInput): RegionBranch {
  const { now } = input;
  const figures = todayFigures(
    input.today,
    input.day,
    input.timeZone,
    now,
    0,
    23,
    input.rules.map((r) => r.id),
  );
  const names = new Map(input.rules.map((r) => [r.id, r.name]));
  const waiting = input.open.filter((v) => v.state === 'waiting');
  return {
    branch: input.branch,
    name: input.name,
    rules: figures.ruleIds
      .filter((id) => names.has(id))
      .map((id) => ({ rule: id, name: names.get(id)!, ...figures.rules[id]! })),
    breachesNow: input.open.reduce(
      (n, v) =>
        n + v.rules.filter((r) => r.stoppedAt === null && r.outcome !== 'excluded' && Date.parse(r.dueAt) < now).length,
      0,
    ),
    waiting: waiting.length,
    waitingSince: waiting.reduce<string | null>(
      (first, v) => (first === null || Date.parse(v.arrivedAt) < Date.parse(first) ? v.arrivedAt : first),
      null,
    ),
    shortfall: input.shortfall,
    updatedAt: new Date(now).toISOString(),
  };
}

/** The lowest compliance of a branch's rules today (1 when none has a figure yet: nothing went wrong). */
function lowestCompliance(b: RegionBranch): number {
  return b.rules.reduce((low, r) => (r.compliance === null ? low : Math.min(low, r.compliance)), 1);
}

const short = (b: RegionBranch) => (b.shortfall ? b.shortfall.greeters + b.shortfall.vipHosts : 0);
const since = (b: RegionBranch) => (b.waitingSince === null ? Infinity : Date.parse(b.waitingSince));

/**
 * The branch most in need first: customers past due now, then staff short now, then the lowest compliance
 * today, then the longest wait; the branch id settles ties so the order never flickers.
 */
export function worstFirst(a: RegionBranch, b: RegionBranch): number {
  return (
    b.breachesNow - a.breachesNow ||
    short(b) - short(a) ||
    lowestCompliance(a) - lowestCompliance(b) ||
    since(a) - since(b) ||
    a.branch.localeCompare(b.branch)
  );
}
