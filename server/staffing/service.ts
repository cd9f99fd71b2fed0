/**
 * `staffingFor(branch, date)`: the staffing advice (docs/staffing.md, Advice) for a branch and day, from its history in the
 * store, the configuration and the duty board — the one call the staffing route makes.
 */
import type { Config } from '../config.ts';
import type { Sql } from '../store/sql.ts';
import { advise, type Source, type StaffingAdvice } from '../../shared/staffing/advice.ts';
import { estimateHandles, estimatePatienceSeconds } from '../../shared/staffing/estimate.ts';
import { forecastDay, LEVEL_DAYS, WEEKS } from '../../shared/staffing/forecast.ts';
import { addDays, daySlots } from '../../shared/staffing/slots.ts';
import { localDay } from '../../shared/time.ts';
import { onDutyBySlot } from './duty.ts';
import { readHistory } from './history.ts';

/** Handle times when neither configured nor measurable (too few back-to-back greetings): see docs/staffing.md. */
const DEFAULT_HANDLE_SECONDS = { greeters: 120, vipHosts: 300 };
/** The forecast reaches back WEEKS same weekdays, and its level a week more before the oldest of them. */
export const HISTORY_DAYS = 7 * WEEKS + LEVEL_DAYS;

export class UnknownBranchError extends Error {}

export class Staffing {
  constructor(
    private readonly sql: Sql,
    private readonly config: Config,
    private readonly now: () => number,
    /** How history is read: the store each time, or through the route's HistoryCache (history-cache.ts). */
    private readonly read: typeof readHistory = readHistory,
  ) {}

  /** The advice for a branch and a branch-local day (YYYY-MM-DD), past, today or ahead. */
  async staffingFor(branchId: string, date: string): Promise<StaffingAdvice> {
    const branch = this.config.branch(branchId);
    if (!branch) throw new UnknownBranchError(`no branch "${branchId}"`);
    const { slotMinutes, objective, greetHandleSeconds, vipHandleSeconds } = this.config.staffing;
    const now = this.now();
    const today = localDay(now, branch.timeZone);
    // History is whole past days: today is still under way, and days ahead have not happened.
    const until = date < today ? date : today;
    const history = await this.read(this.sql, branchId, branch, slotMinutes, addDays(date, -HISTORY_DAYS), until);
    const slots = daySlots(date, branch, slotMinutes);
    const arrivals = forecastDay(history.arrivals, date, slots.length);
    const vipArrivals = forecastDay(history.vipArrivals, date, slots.length);

    const estimated = estimateHandles(history.greetings);
    const handle = (role: 'greeters' | 'vipHosts', configured: number | undefined): [number, Source] => {
      if (configured !== undefined) return [configured, 'configured'];
      const e = estimated[role];
      return e ? [e.seconds, 'estimated'] : [DEFAULT_HANDLE_SECONDS[role], 'default'];
    };
    const [greetH, greetSource] = handle('greeters', greetHandleSeconds);
    const [vipH, vipSource] = handle('vipHosts', vipHandleSeconds);

    const onDuty = date > today ? [] : await onDutyBySlot(this.sql, this.config, branchId, slots, now);
    const rules = this.config.rules(branchId);
    return advise({
      branch: branchId,
      date,
      timeZone: branch.timeZone,
      objective,
      slotMinutes,
      slots: slots.map((s, i) => ({
        ...s,
        arrivals: arrivals?.[i] ?? 0,
        vipArrivals: vipArrivals?.[i] ?? 0,
        ...(onDuty[i] ? { onDuty: onDuty[i] } : {}),
      })),
      targetSeconds: { greeters: rules.reception.targetSeconds, vipHosts: rules['vip-reception'].targetSeconds },
      handleSeconds: { greeters: greetH, vipHosts: vipH },
      handleSource: { greeters: greetSource, vipHosts: vipSource },
      patienceSeconds: {
        greeters: estimatePatienceSeconds(history.receptionWaits)?.seconds ?? null,
        vipHosts: estimatePatienceSeconds(history.vipWaits)?.seconds ?? null,
      },
    });
  }
}
