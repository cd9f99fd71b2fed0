/**
 * The regional wall's standings: one aggregate per branch, computed when something in that branch changed
 * (a visit, an alert, the duty board) and pushed to the rooms of the regions holding it — a head office
 * watches a thousand halls without receiving each of their visits. A branch where nothing happens costs
 * nothing: no timer, no read.
 */
import { logger } from './logger.ts';
import type { Config } from './config.ts';
import type { OpenVisits } from './open-visits.ts';
import type { EventLog } from './store/log.ts';
import type { Staffing } from './staffing/service.ts';
import { ruleNames } from '../shared/i18n/rule-names.ts';
import { standing, worstFirst, type RegionBranch, type RegionOverview, type Shortfall } from '../shared/region.ts';
import { localDay } from '../shared/time.ts';
import { toTodayVisit } from '../shared/today.ts';
import { foldVisit, toVisit } from '../shared/visit.ts';
import type { Visit } from '../shared/types.ts';

/** Changes within this window are folded into one computation (a busy hall changes many times a second). */
const SETTLE_MS = 250;
/**
 * A standing read from memory is trusted this long: another process (cluster) may have changed the branch
 * and pushed its own standing, which this process's memory did not see.
 */
const FRESH_MS = 30_000;

interface Kept {
  standing: RegionBranch;
  at: number;
  dirty: boolean;
}

export class RegionBoard {
  private readonly kept = new Map<string, Kept>();
  private readonly settling = new Map<string, ReturnType<typeof setTimeout>>();
  /** Staffing advice of a branch for its current slot: asked again when the slot or the duty board changes. */
  private readonly shortfalls = new Map<string, { day: string; until: number; shortfall: Shortfall | null }>();

  constructor(
    private readonly config: Config,
    private readonly log: EventLog,
    private readonly open: OpenVisits,
    private readonly staffing: Staffing,
    private readonly now: () => number,
    /** Pushes a branch's new standing to the regions holding it. */
    private readonly push: (regions: string[], standing: RegionBranch) => void,
  ) {}

  /** The regions holding a branch. */
  regionsOf(branch: string): string[] {
    return this.config.regions.filter((r) => r.branches.includes(branch)).map((r) => r.id);
  }

  /** Something changed in a branch here: its standing is computed once the burst settles, then pushed. */
  changed(branch: string): void {
    if (this.regionsOf(branch).length === 0 || this.settling.has(branch)) return;
    this.settling.set(
      branch,
      setTimeout(() => {
        this.settling.delete(branch);
        this.compute(branch).then(
          (s) => this.push(this.regionsOf(branch), s),
          (err: unknown) => logger.error({ err, branch }, 'a regional standing could not be computed'),
        );
      }, SETTLE_MS),
    );
  }

  /** Another process changed a branch: its standing here is out of date, read it again when asked. */
  heard(branch: string): void {
    const k = this.kept.get(branch);
    if (k) k.dirty = true;
  }

  /** The duty board changed: who is short is asked again. */
  dutyChanged(branch: string): void {
    this.shortfalls.delete(branch);
    this.changed(branch);
  }

  /** Every branch of a region, worst first: from memory where fresh, read where not. */
  async overview(regionId: string): Promise<RegionOverview | null> {
    const region = this.config.regions.find((r) => r.id === regionId);
    if (!region) return null;
    const now = this.now();
    const branches: RegionBranch[] = [];
    for (const id of region.branches) {
      const k = this.kept.get(id);
      branches.push(k && !k.dirty && now - k.at < FRESH_MS ? k.standing : await this.compute(id));
    }
    return {
      region: region.id,
      name: region.name,
      serverTime: new Date(now).toISOString(),
      branches: branches.sort(worstFirst),
    };
  }

  close(): void {
    for (const t of this.settling.values()) clearTimeout(t);
    this.settling.clear();
  }

  private async compute(branchId: string): Promise<RegionBranch> {
    const branch = this.config.branch(branchId)!;
    const now = this.now();
    const day = localDay(now, branch.timeZone);
    const open = await this.openVisits(branchId, now);
    const live = new Map(open.map((v) => [v.id, v]));
    const stored = await this.log.visits(branchId, { day });
    const rules = Object.entries(this.config.rules(branchId)).map(([id, rule]) => ({
      id,
      name: ruleNames({ id, targetSeconds: rule.targetSeconds, ...(rule.name ? { name: rule.name } : {}) }),
    }));
    const s = standing({
      branch: branchId,
      name: branch.name,
      timeZone: branch.timeZone,
      day,
      rules,
      today: stored.map((v) => toTodayVisit(live.get(v.id) ?? v)),
      open,
      shortfall: await this.shortfall(branchId, day, now),
      now,
    });
    this.kept.set(branchId, { standing: s, at: now, dirty: false });
    return s;
  }

  /**
   * A branch's open visits now: from memory when this process follows the branch; otherwise folded from the
   * log (one indexed read), rather than following a branch only a head office watches (server/open-visits.ts).
   */
  private async openVisits(branchId: string, now: number): Promise<Visit[]> {
    if (this.open.follows(branchId)) return this.open.visits(branchId, now);
    const folds = [...(await this.log.openVisitEvents(branchId)).values()].map((events) => foldVisit(events));
    return folds.flatMap((f) => (f && f.endedAt === null ? [toVisit(f, now)] : []));
  }

  /**
   * Needed minus on duty in the slot under way (docs/staffing.md); null outside opening hours, without a duty
   * board, or without history to forecast from.
   */
  private async shortfall(branchId: string, day: string, now: number): Promise<Shortfall | null> {
    const kept = this.shortfalls.get(branchId);
    if (kept && kept.day === day && now < kept.until) return kept.shortfall;
    const advice = await this.staffing.staffingFor(branchId, day);
    const current = advice.slots.find((s) => Date.parse(s.start) <= now && now < Date.parse(s.end));
    // No history, no forecast: "enough" would be a guess (as the 人手建议 panel says, shared/staffing/panel.ts).
    const forecast = advice.slots.some((s) => s.arrivals > 0);
    const shortfall =
      forecast && current && current.onDuty
        ? {
            greeters: Math.max(0, current.needed.greeters - current.onDuty.greeters),
            vipHosts: Math.max(0, current.needed.vipHosts - current.onDuty.vipHosts),
          }
        : null;
    // Outside opening hours, asked again in a minute (the hall may open).
    this.shortfalls.set(branchId, { day, until: current ? Date.parse(current.end) : now + 60_000, shortfall });
    return shortfall;
  }
}
